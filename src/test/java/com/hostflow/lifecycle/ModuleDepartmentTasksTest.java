package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.support.IntegrationTest;

/**
 * The department tasks of a manual module (every operation is a task for the module's department) when an admin gives
 * the module another department: the open tasks follow the module, and a claimed one keeps its assignee.
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
}
