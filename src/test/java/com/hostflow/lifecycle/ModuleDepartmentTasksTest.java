package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.WhileHolding;

/**
 * The department tasks of a manual module (every operation is a task for the module's department) when an admin gives
 * the module another department: the open tasks follow the module, a claimed one keeps its assignee, and a task being
 * created at that moment goes to the department the module has when it commits, never to one deleted meanwhile.
 */
@IntegrationTest
class ModuleDepartmentTasksTest {

    private static final String PASSWORD = "s3cret-pass";

    @Autowired
    TestRestTemplate http;
    @Autowired
    TaskService tasks;
    @Autowired
    RuntimeService runtime;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    final String unique = UUID.randomUUID().toString().substring(0, 8);
    final List<Long> services = new ArrayList<>();
    String first;
    String second;
    long firstId;
    long secondId;
    long module;
    long client;
    long tariff;

    @BeforeEach
    void manualModuleOfTheFirstDepartment() {
        first = "first-" + unique;
        second = "second-" + unique;
        firstId = create("/departments", Map.of("name", "First", "key", first));
        secondId = create("/departments", Map.of("name", "Second", "key", second));
        module = create("/processing-modules", Map.of("productType", "vds", "moduleType", "manual",
                "name", "By hand " + unique, "departmentId", firstId));
        long provider = create("/providers", Map.of("name", "Provider " + unique, "currency", "EUR"));
        long group = create("/tariff-groups", Map.of("name", "Group " + unique));
        tariff = create("/tariffs", Map.of("productType", "vds", "providerId", provider, "groupId", group,
                "name", "By hand " + unique, "active", true, "processingModuleIds", List.of(module),
                "prices", Map.of("MONTH", "10.00")));
        client = create("/clients", Map.of("email", "c-" + unique + "@example.com", "name", "Client " + unique,
                "phone", "+31 20 000 0000", "providerId", provider));
        assertThat(admin().postForEntity("/api/v1/payments", Map.of("clientId", client, "amount", "100.00",
                "externalId", "dept-" + unique), String.class).getStatusCode().value()).isEqualTo(201);
    }

    @AfterEach
    void cancelTheOrders() {
        services.forEach(service -> runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(Long.toString(service)).rootProcessInstances().list()
                .forEach(instance -> runtime.deleteProcessInstance(instance.getId(), "test over")));
    }

    /**
     * Two open tasks of the module, one claimed by a member of the first department: after the module moves to the
     * second department both are the second's (its staff see them on the engine REST, the first's staff no longer
     * see the unclaimed one), and the claimed one stays with its assignee, who still sees it. The first department
     * then holds no task and can go. They used to stay with the first department.
     */
    @Test
    void theOpenTasksOfAModuleFollowItToItsNewDepartmentAndAClaimedOneKeepsItsAssignee() {
        String anna = staff("anna", first);
        String bert = staff("bert", second);
        Task claimed = manualTask(order());
        Task open = manualTask(order());
        assertThat(engineRest(anna, HttpMethod.POST, "/task/" + claimed.getId() + "/claim",
                Map.of("userId", anna)).getStatusCode().value()).isEqualTo(204);

        ResponseEntity<String> moved = moveModuleTo(secondId);

        assertThat(moved.getStatusCode().value()).as(moved.getBody()).isEqualTo(200);
        assertThat(candidateGroups(open)).containsExactly(second);
        assertThat(candidateGroups(claimed)).containsExactly(second);
        assertThat(tasks.createTaskQuery().taskId(claimed.getId()).singleResult().getAssignee()).isEqualTo(anna);
        assertThat(visibleTo(bert)).contains(open.getId(), claimed.getId());
        assertThat(visibleTo(anna)).contains(claimed.getId()).doesNotContain(open.getId());
        assertThat(tasks.createTaskQuery().taskCandidateGroup(first).includeAssignedTasks().count()).isZero();
        assertThat(engineRest(bert, HttpMethod.POST, "/task/" + open.getId() + "/claim", Map.of("userId", bert))
                .getStatusCode().value()).isEqualTo(204);
    }

    /**
     * A module's task being created (the module call answered "manual work" for the first department) while the
     * module moves to the second department and the first is deleted. The test holds the task table so the task's
     * insert waits; meanwhile the module moves and the first department is deleted. The task reads its department
     * from the module under the module's share lock, so the move waits for the task, the first department is still
     * the module's and is not deleted (409), and the move then takes the task along. It used to be inserted for the
     * department the call had read, deleted by then: a task no department could see.
     */
    @Test
    void aTaskCreatedWhileItsModulesDepartmentMovesAndIsDeletedGoesToTheModulesDepartment() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions)
                .executeWithoutResult(tx -> {
                    jdbc.execute("lock table act_ru_task in share mode");
                    await(release);
                }));
        CompletableFuture<ResponseEntity<String>> move = null;
        ResponseEntity<String> deletion;
        long service;
        try {
            Awaitility.await("the test holds the task table").atMost(Duration.ofSeconds(30))
                    .until(() -> waitingOn("act_ru_task") == 0 && heldBy("act_ru_task") > 0);
            service = order();
            Awaitility.await("the module's task waits to be inserted").atMost(Duration.ofSeconds(60))
                    .until(() -> waitingOn("act_ru_task") > 0);
            long waitingBefore = waitingLocks();
            move = CompletableFuture.supplyAsync(() -> moveModuleTo(secondId));
            CompletableFuture<ResponseEntity<String>> moving = move;
            Awaitility.await("the move answers or waits").atMost(Duration.ofSeconds(30))
                    .until(() -> moving.isDone() || waitingLocks() > waitingBefore);
            deletion = admin().exchange("/api/v1/departments/" + firstId, HttpMethod.DELETE, null, String.class);
        } finally {
            release.countDown();
        }
        holder.get(30, TimeUnit.SECONDS);
        assertThat(move.get(30, TimeUnit.SECONDS).getStatusCode().value()).isEqualTo(200);

        Task task = manualTask(service);
        assertThat(candidateGroups(task)).containsExactly(second);
        assertThat(deletion.getStatusCode().value()).as(deletion.getBody()).isEqualTo(409);
        assertThat(deletion.getBody()).contains("still used by processing modules");
        assertThat(admin().exchange("/api/v1/departments/" + firstId, HttpMethod.DELETE, null, String.class)
                .getStatusCode().value()).isEqualTo(204);
    }

    /**
     * A staff member completes one of the module's tasks while the module's move is taking the tasks along: the
     * move had listed both tasks, then waited on the first (the test holds its row), and the second was completed
     * and gone when the move came to it. The move skips a task that ended meanwhile (200) and the completion stands
     * (204); the move used to fail on the ended task with the engine's "Cannot find task" (500), nothing moved.
     */
    @Test
    void aTaskCompletedWhileItsModuleMovesIsLeftAndTheMoveTakesTheOthers() throws Exception {
        String anna = staff("anna", first);
        long firstService = order();
        long secondService = order();
        manualTask(firstService);
        manualTask(secondService);
        List<Task> listed = tasks.createTaskQuery().taskCandidateGroup(first).includeAssignedTasks()
                .processDefinitionKeyIn(ModuleOperationProcess.KEY).list();
        assertThat(listed).hasSize(2);
        Task held = listed.get(0);
        Task completed = listed.get(1);
        List<ResponseEntity<String>> completion = new ArrayList<>();

        ResponseEntity<String> moved = new WhileHolding(transactions, jdbc).run(
                () -> jdbc.queryForList("select id_ from act_ru_task where id_ = ? for update", String.class,
                        held.getId()),
                () -> moveModuleTo(secondId),
                () -> completion.add(engineRest(anna, HttpMethod.POST, "/task/" + completed.getId() + "/complete",
                        Map.of("variables", Map.of("externalId", Map.of("value", "vm-" + unique), "ipAddresses",
                                Map.of("value", "192.0.2.7"))))));

        assertThat(completion.get(0).getStatusCode().value()).as(completion.get(0).getBody()).isEqualTo(204);
        assertThat(moved.getStatusCode().value()).as(moved.getBody()).isEqualTo(200);
        assertThat(candidateGroups(held)).containsExactly(second);
        assertThat(tasks.createTaskQuery().taskId(completed.getId()).count()).isZero();
        assertThat(tasks.createTaskQuery().taskCandidateGroup(first).includeAssignedTasks().count()).isZero();
    }

    private long order() {
        ResponseEntity<JsonNode> placed = admin().postForEntity("/api/v1/orders", Map.of("clientId", client,
                "tariffId", tariff, "period", "MONTH", "params", Map.of("os", "ubuntu-24.04")), JsonNode.class);
        assertThat(placed.getStatusCode().value()).as(String.valueOf(placed.getBody())).isEqualTo(201);
        long service = placed.getBody().get("serviceId").asLong();
        services.add(service);
        return service;
    }

    private Task manualTask(long service) {
        return Awaitility.await("the department's task of service " + service).atMost(Duration.ofSeconds(60))
                .until(() -> tasks.createTaskQuery().processInstanceBusinessKey(Long.toString(service))
                        .taskDefinitionKey(ModuleOperationProcess.TASK_DO_MANUAL_WORK).singleResult(),
                        found -> found != null);
    }

    private ResponseEntity<String> moveModuleTo(long department) {
        ObjectNode form = (ObjectNode) admin().getForObject("/api/v1/processing-modules/" + module, JsonNode.class);
        form.put("departmentId", department);
        return admin().exchange("/api/v1/processing-modules/" + module, HttpMethod.PUT, new HttpEntity<>(form),
                String.class);
    }

    private List<String> candidateGroups(Task task) {
        return tasks.getIdentityLinksForTask(task.getId()).stream()
                .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()))
                .map(IdentityLink::getGroupId).toList();
    }

    private List<String> visibleTo(String user) {
        JsonNode listed = http.withBasicAuth(user, PASSWORD).getForObject("/engine-rest/task?processDefinitionKey="
                + ModuleOperationProcess.KEY, JsonNode.class);
        return listed.findValuesAsText("id");
    }

    private String staff(String name, String department) {
        String username = name + "-" + unique;
        create("/users", Map.of("username", username, "password", PASSWORD, "firstName", name,
                "roles", List.of("STAFF"), "departments", List.of(department)));
        return username;
    }

    private ResponseEntity<String> engineRest(String user, HttpMethod method, String path, Object body) {
        return http.withBasicAuth(user, PASSWORD).exchange("/engine-rest" + path, method, new HttpEntity<>(body),
                String.class);
    }

    private long create(String path, Map<String, Object> body) {
        ResponseEntity<JsonNode> created = admin().postForEntity("/api/v1" + path, body, JsonNode.class);
        assertThat(created.getStatusCode().value()).as(path + ": " + created.getBody()).isEqualTo(201);
        JsonNode id = created.getBody().get("id");
        return id == null ? 0 : id.asLong();
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }

    private long waitingOn(String table) {
        return jdbc.queryForObject("select count(*) from pg_locks l join pg_class c on c.oid = l.relation"
                + " where c.relname = ? and not l.granted", Long.class, table);
    }

    private long heldBy(String table) {
        return jdbc.queryForObject("select count(*) from pg_locks l join pg_class c on c.oid = l.relation"
                + " where c.relname = ? and l.granted and l.mode = 'ShareLock'", Long.class, table);
    }

    private long waitingLocks() {
        return jdbc.queryForObject("select count(*) from pg_locks where not granted", Long.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(90, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
