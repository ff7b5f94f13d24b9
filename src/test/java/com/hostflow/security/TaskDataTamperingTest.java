package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.ManualModuleTariff;

/**
 * A department task lets its staff answer it through its form, and nothing more: the engine gives whoever may work on
 * a task (its candidate group's members) the right to set any variable of its process, and the process reads the
 * service, the operation and its key from those variables. A member of one department, holding a task about its own
 * client's service, re-pointed {@code serviceId} to another client's service of another department and "did the work
 * by hand": the other service got the external id and addresses the member chose.
 */
@IntegrationTest
class TaskDataTamperingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    TestRestTemplate http;

    @Autowired
    TaskService tasks;

    @Autowired
    RuntimeService runtime;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcTemplate jdbc;

    final String unique = Long.toString(System.nanoTime(), 36);
    long providerId;
    String ownDepartment;
    long ownService;
    long othersService;
    String member;

    @BeforeEach
    void twoDepartmentsWithAServiceWaitingForEach() {
        providerId = created("/providers", Map.of("name", "Tamper " + unique, "currency", "EUR"));
        ownDepartment = "own-" + unique;
        long ownTariff = manualTariff(ownDepartment);
        long othersTariff = manualTariff("others-" + unique);
        ownService = orderedService(ownTariff, "own");
        othersService = orderedService(othersTariff, "other");
        member = "member-" + unique;
        created("/users", Map.of("username", member, "password", "member-password", "firstName", "Member",
                "roles", List.of("STAFF"), "departments", List.of(ownDepartment)));
    }

    @Test
    void staffCannotChangeTheDataOfTheProcessBehindTheirTask() {
        Task task = manualWork(ownService);
        String path = "/engine-rest/task/" + task.getId();

        for (String[] call : new String[][] {
            {"PUT", path + "/variables/serviceId", "{\"value\":" + othersService + ",\"type\":\"Long\"}"},
            {"POST", path + "/variables", "{\"modifications\":{\"serviceId\":{\"value\":" + othersService
                + ",\"type\":\"Long\"}}}"},
            {"PUT", path + "/localVariables/serviceId", "{\"value\":" + othersService + ",\"type\":\"Long\"}"},
            {"POST", path + "/localVariables", "{\"modifications\":{\"operation\":{\"value\":\"close\"}}}"},
            {"DELETE", path + "/variables/operationKey", null},
            {"POST", path + "/bpmnError", "{\"errorCode\":\"Err_ModuleFailed\",\"variables\":{\"serviceId\":"
                + "{\"value\":" + othersService + ",\"type\":\"Long\"}}}"}}) {
            ResponseEntity<String> answer = asMember(call[0], call[1], call[2]);

            assertThat(answer.getStatusCode().value()).as("%s %s: %s", call[0], call[1], answer.getBody())
                    .isEqualTo(403);
        }
        // the engine's own rules refuse the rest: staff hold no right on the process instance itself
        String other = "{\"value\":" + othersService + ",\"type\":\"Long\"}";
        for (String[] call : new String[][] {
            {"PUT", "/engine-rest/execution/" + task.getExecutionId() + "/localVariables/serviceId", other},
            {"PUT", "/engine-rest/process-instance/" + task.getProcessInstanceId() + "/variables/serviceId", other},
            {"POST", "/engine-rest/process-instance/" + task.getProcessInstanceId() + "/modification",
                "{\"instructions\":[{\"type\":\"cancel\",\"activityId\":\"Task_DoManualWork\"}]}"},
            {"DELETE", "/engine-rest/process-instance/" + task.getProcessInstanceId(), null},
            {"POST", "/engine-rest/message", "{\"messageName\":\"Msg_DeletionRequested\",\"businessKey\":\""
                + ownService + "\",\"all\":true,\"processVariables\":{\"serviceId\":" + other + "}}"}}) {
            ResponseEntity<String> answer = asMember(call[0], call[1], call[2]);

            assertThat(answer.getStatusCode().value()).as("%s %s: %s", call[0], call[1], answer.getBody())
                    .isIn(400, 403, 404);
        }
        // Tasklist's way in: its session, the webapps' copy of the engine REST
        WebappSession tasklist = new WebappSession(http);
        assertThat(tasklist.login("tasklist", member, "member-password")).isEqualTo(200);
        String webapp = "/camunda/api/engine/engine/default/task/" + task.getId();
        assertThat(tasklist.exchange(HttpMethod.PUT, webapp + "/variables/serviceId", "{\"value\":" + othersService
                + ",\"type\":\"Long\"}", true).getStatusCode().value()).isEqualTo(403);
        ResponseEntity<String> submitted = tasklist.exchange(HttpMethod.POST, webapp + "/submit-form",
                "{\"variables\":{\"externalId\":{\"value\":\"vm-tampered\"},\"serviceId\":{\"value\":"
                        + othersService + ",\"type\":\"Long\"}}}", true);
        assertThat(submitted.getStatusCode().value()).as("%s", submitted.getBody()).isEqualTo(400);
        assertThat(submitted.getBody()).contains("serviceId");
        assertThat(runtime.getVariable(task.getExecutionId(), "serviceId")).isEqualTo(ownService);
        assertThat(runtime.getVariable(task.getExecutionId(), "operationKey")).isNotNull();
        assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).isOne();
    }

    /**
     * An admin in Cockpit (or the engine REST it calls) changed any variable of a running process: {@code serviceId}
     * re-pointed made the process act on another client's service. The variables a process finds its rows by are now
     * refused by name on both copies of the engine REST, however they are written; every other variable stays
     * editable.
     */
    @Test
    void adminsCannotRePointARunningProcessButEditItsOtherVariables() {
        Task task = manualWork(ownService);
        String instance = "/engine-rest/process-instance/" + task.getProcessInstanceId();
        String other = "{\"value\":" + othersService + ",\"type\":\"Long\"}";

        // {the variable the answer names, method, path, body}
        String[][] calls = {
            {"serviceId", "PUT", instance + "/variables/serviceId", other},
            {"operationKey", "DELETE", instance + "/variables/operationKey", null},
            {"operation", "PUT", "/engine-rest/execution/" + task.getExecutionId() + "/localVariables/operation",
                "{\"value\":\"close\"}"},
            {"serviceId", "POST", instance + "/variables", "{\"modifications\":{\"note\":{\"value\":\"x\"},"
                + "\"serviceId\":" + other + "}}"},
            {"operationKey", "POST", instance + "/variables", "{\"deletions\":[\"operationKey\"]}"},
            {"serviceId", "POST", instance + "/modification", "{\"instructions\":[{\"type\":\"startBeforeActivity\","
                + "\"activityId\":\"Task_DoManualWork\",\"variables\":{\"serviceId\":{\"value\":" + othersService
                + ",\"type\":\"Long\",\"local\":false}}}]}"},
            {"serviceId", "POST", "/engine-rest/process-instance/variables-async", "{\"processInstanceIds\":[\""
                + task.getProcessInstanceId() + "\"],\"variables\":{\"serviceId\":" + other + "}}"},
            {"orderId", "POST", "/engine-rest/task/" + task.getId() + "/variables", "{\"modifications\":{\"orderId\":"
                + "{\"value\":1,\"type\":\"Long\"}}}"},
            {"serviceId", "POST", "/engine-rest/message", "{\"messageName\":\"Msg_OperationWithdrawn\","
                + "\"processInstanceId\":\"" + task.getProcessInstanceId() + "\",\"processVariables\":{\"serviceId\":"
                + other + "}}"}};
        for (String[] call : calls) {
            ResponseEntity<String> answer = admin().exchange(call[2], HttpMethod.valueOf(call[1]),
                    new HttpEntity<>(call[3], json()), String.class);

            assertThat(answer.getStatusCode().value()).as("%s %s: %s", call[1], call[2], answer.getBody())
                    .isEqualTo(400);
            assertThat(String.valueOf(answer.getHeaders().getContentType())).startsWith("application/problem+json");
            assertThat(answer.getBody()).as(call[2]).contains("\"field\":\"" + call[0] + "\"");
        }
        // Cockpit's way in: an admin's session, the webapps' copy of the engine REST
        WebappSession cockpit = new WebappSession(http);
        assertThat(cockpit.login("cockpit", "demo", "demo")).isEqualTo(200);
        ResponseEntity<String> inCockpit = cockpit.exchange(HttpMethod.PUT, "/camunda/api/engine/engine/default"
                + "/process-instance/" + task.getProcessInstanceId() + "/variables/serviceId", other, true);
        assertThat(inCockpit.getStatusCode().value()).as("%s", inCockpit.getBody()).isEqualTo(400);
        assertThat(inCockpit.getBody()).contains("serviceId");

        assertThat(runtime.getVariable(task.getProcessInstanceId(), "serviceId")).isEqualTo(ownService);
        assertThat(runtime.getVariable(task.getProcessInstanceId(), "operation")).isEqualTo("open");
        assertThat(runtime.getVariable(task.getProcessInstanceId(), "operationKey")).isNotNull();
        assertThat(runtime.getVariable(task.getProcessInstanceId(), "note")).isNull();
        assertThat(tasks.createTaskQuery().processInstanceId(task.getProcessInstanceId()).count()).isOne();

        // any other variable is the admin's to change
        assertThat(admin().exchange(instance + "/variables/note", HttpMethod.PUT,
                new HttpEntity<>("{\"value\":\"checked by hand\"}", json()), String.class).getStatusCode().value())
                .isEqualTo(204);
        assertThat(cockpit.exchange(HttpMethod.POST, "/camunda/api/engine/engine/default/process-instance/"
                + task.getProcessInstanceId() + "/variables", "{\"modifications\":{\"note\":{\"value\":\"again\"}},"
                + "\"deletions\":[]}", true).getStatusCode().value()).isEqualTo(204);
        assertThat(runtime.getVariable(task.getProcessInstanceId(), "note")).isEqualTo("again");
    }

    private static HttpHeaders json() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    @Test
    void aFormAnswerCarriesTheFormsFieldsOnly() {
        Task task = manualWork(ownService);
        String path = "/engine-rest/task/" + task.getId();

        for (String action : new String[] {"/submit-form", "/complete", "/resolve"}) {
            ResponseEntity<String> answer = asMember("POST", path + action, "{\"variables\":{"
                    + "\"externalId\":{\"value\":\"vm-tampered\"},\"ipAddresses\":{\"value\":\"10.6.6.6\"},"
                    + "\"serviceId\":{\"value\":" + othersService + ",\"type\":\"Long\"}}}");

            assertThat(answer.getStatusCode().value()).as("%s: %s", action, answer.getBody()).isEqualTo(400);
            assertThat(answer.getBody()).as(action).contains("serviceId");
        }
        assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).as("the task stays open").isOne();
        assertThat(service(othersService).path("externalId").isMissingNode()
                || service(othersService).path("externalId").isNull()).as("the other client's service")
                .isTrue();

        // the form's own fields are answered as before
        ResponseEntity<String> answer = asMember("POST", path + "/submit-form", "{\"variables\":{"
                + "\"externalId\":{\"value\":\"vm-" + unique + "\"},\"ipAddresses\":{\"value\":\"10.0.0.7\"}}}");
        assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(204);
        Awaitility.await("the own service set up by hand").atMost(WAIT)
                .until(() -> service(ownService).path("externalId").asText(), ("vm-" + unique)::equals);
        assertThat(service(othersService).path("externalId").isMissingNode()
                || service(othersService).path("externalId").isNull()).isTrue();
    }

    /**
     * What the engine REST lets a member of staff read shows nothing of a task of another department: not the other
     * client's name or e-mail (the other task's story carries both), nor the other task's or process's ids.
     */
    @Test
    void staffReadNothingOfAnotherDepartmentsTaskThroughTheEngineRest() {
        Task own = manualWork(ownService);
        Task others = manualWork(othersService);
        String[] secrets = {"Client other " + unique, "other-" + unique + "@example.com", others.getId(),
            others.getProcessInstanceId(), others.getExecutionId(), "others-" + unique};

        for (String path : new String[] {"/task", "/task/" + own.getId() + "/variables", "/task/" + own.getId()
            + "/form-variables", "/variable-instance", "/variable-instance?variableName=serviceSummary",
            "/history/variable-instance", "/history/detail", "/history/task", "/history/process-instance",
            "/history/activity-instance", "/history/incident", "/history/identity-link-log", "/history/user-operation",
            "/history/decision-instance", "/history/external-task-log", "/process-instance", "/execution",
            "/incident", "/external-task", "/event-subscription", "/deployment", "/filter", "/batch",
            "/task/" + others.getId(), "/task/" + others.getId() + "/variables", "/task/" + others.getId()
            + "/form-variables", "/process-instance/" + others.getProcessInstanceId() + "/variables",
            "/execution/" + others.getExecutionId() + "/localVariables"}) {
            ResponseEntity<String> answer = asMember("GET", "/engine-rest" + path, null);

            assertThat(answer.getStatusCode().value()).as("%s: %s", path, answer.getBody()).isIn(200, 403, 404);
            // a refusal repeats the id it was asked about: then the ids are no news
            boolean namesOthers = path.contains(others.getId()) || path.contains(others.getProcessInstanceId())
                    || path.contains(others.getExecutionId());
            assertThat(String.valueOf(answer.getBody())).as(path)
                    .doesNotContain(namesOthers ? java.util.Arrays.copyOf(secrets, 2) : secrets)
                    .doesNotContain("others-" + unique);
        }
        assertThat(asMember("GET", "/engine-rest/task/" + own.getId() + "/variables", null).getBody())
                .as("the member's own task tells its story").contains("Client own " + unique);
    }

    /**
     * An admin cancelled the order in Cockpit while a member completed its open's task (found racing the two on the
     * demo): the cancellation failed and refunded the service first, and the completion's write of the service lost
     * its optimistic lock. The engine REST answered Spring's ObjectOptimisticLockingFailureException with a 500. The
     * service's row is held here while the completion waits to write it, and changed as the cancellation changed it.
     */
    @Test
    void aCompletionWhoseServiceWasChangedMeanwhileAnswers409AndTheTaskStaysOpen() throws Exception {
        Task task = manualWork(ownService);
        CompletableFuture<ResponseEntity<String>> completion = new CompletableFuture<>();
        transaction.executeWithoutResult(status -> {
            jdbc.queryForObject("select id from hostflow.service where id = ? for update", Long.class, ownService);
            CompletableFuture.runAsync(() -> completion.complete(asMember("POST", "/engine-rest/task/"
                    + task.getId() + "/complete", "{\"variables\":{\"externalId\":{\"value\":\"vm-late\"},"
                    + "\"ipAddresses\":{\"value\":\"10.0.0.9\"}}}")));
            Awaitility.await("the completion to wait for the service's row").atMost(WAIT).pollInSameThread()
                    .pollInterval(Duration.ofMillis(50)).until(() -> completion.isDone() || jdbc.queryForObject(
                            "select count(*) from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))",
                            Integer.class) > 0);
            jdbc.update("update hostflow.service set version = version + 1 where id = ?", ownService);
        });

        ResponseEntity<String> answer = completion.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(409);
        assertThat(answer.getBody()).contains("concurrently");
        assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).isOne();
        assertThat(service(ownService).path("externalId").isNull()).isTrue();
    }

    /**
     * An admin suspended the order in Cockpit, or the open's own instance, while a member worked on its task: the
     * engine refused the completion with 400 "ENGINE-03043 Execution with id '…' is suspended", naming an execution
     * the member cannot see, as if the form were wrong. It is the process's state: 409 saying it is suspended by an
     * administrator, the task kept, and completed once the process is activated.
     */
    @Test
    void aTaskWhoseProcessAnAdminSuspendedIsRefused409UntilItIsActivated() {
        Task task = manualWork(ownService);
        String order = runtime.createProcessInstanceQuery().processDefinitionKey("ServiceOrderProcess")
                .processInstanceBusinessKey(Long.toString(ownService)).singleResult().getId();
        String done = "{\"variables\":{\"externalId\":{\"value\":\"vm-done\"}}}";
        String path = "/engine-rest/task/" + task.getId();

        runtime.suspendProcessInstanceById(order);
        ResponseEntity<String> callerSuspended = asMember("POST", path + "/complete", done);
        runtime.activateProcessInstanceById(order);
        runtime.suspendProcessInstanceById(task.getProcessInstanceId());
        ResponseEntity<String> ownSuspended = asMember("POST", path + "/complete", done);
        ResponseEntity<String> claim = asMember("POST", path + "/claim", "{\"userId\":\"" + member + "\"}");
        runtime.activateProcessInstanceById(task.getProcessInstanceId());

        for (ResponseEntity<String> answer : List.of(callerSuspended, ownSuspended, claim)) {
            assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(409);
            assertThat(answer.getBody()).contains("suspended by an administrator");
        }
        assertThat(asMember("POST", path + "/complete", done).getStatusCode().value()).isEqualTo(204);
    }

    private Task manualWork(long serviceId) {
        return Awaitility.await("the manual work task of service " + serviceId).atMost(WAIT)
                .until(() -> tasks.createTaskQuery().processInstanceBusinessKey(Long.toString(serviceId))
                        .taskDefinitionKey("Task_DoManualWork").singleResult(), t -> t != null);
    }

    private ResponseEntity<String> asMember(String method, String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(member, "member-password").exchange(path, HttpMethod.valueOf(method),
                new HttpEntity<>(json, headers), String.class);
    }

    private JsonNode service(long id) {
        return admin().getForObject("/api/v1/services/" + id, JsonNode.class);
    }

    private long manualTariff(String departmentKey) {
        return ManualModuleTariff.create(this::created, "Dept " + departmentKey, departmentKey,
                "By hand " + departmentKey,
                moduleId -> ManualModuleTariff.monthlyTariff(providerId, "VPS-T " + departmentKey, moduleId))
                .tariffId();
    }

    private long orderedService(long tariffId, String who) {
        long client = created("/clients", Map.of("email", who + "-" + unique + "@example.com",
                "name", "Client " + who + " " + unique, "providerId", providerId));
        created("/payments", Map.of("clientId", client, "amount", "20.00", "externalId", "bank-" + who + unique));
        ResponseEntity<JsonNode> order = admin().postForEntity("/api/v1/orders", Map.of("clientId", client,
                "tariffId", tariffId, "period", "MONTH", "addons", Map.of("ram", 2048),
                "params", Map.of("os", "debian-12")), JsonNode.class);
        assertThat(order.getStatusCode().value()).as("%s", order.getBody()).isEqualTo(201);
        return order.getBody().get("serviceId").asLong();
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }

    private long created(String path, Object body) {
        ResponseEntity<JsonNode> created = admin().exchange("/api/v1" + path, HttpMethod.POST,
                new HttpEntity<>(body), JsonNode.class);
        assertThat(created.getStatusCode().value()).as("POST %s: %s", path, created.getBody()).isIn(200, 201);
        return created.getBody().has("id") ? created.getBody().get("id").asLong() : 0;
    }
}
