package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.hostflow.support.IntegrationTest;

/** Staff see and work on the tasks of their own departments only, also through the engine's REST API. */
@IntegrationTest
class DepartmentTaskIsolationTest {

    private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
            new ParameterizedTypeReference<>() {
            };

    @Autowired
    TestRestTemplate http;

    @Autowired
    IdentityService identityService;

    @Autowired
    RepositoryService repositoryService;

    @Autowired
    RuntimeService runtimeService;

    @Autowired
    TaskService taskService;

    DepartmentStaff staff;
    String departmentA;
    String staffA;
    String staffB;
    String taskId;

    @BeforeEach
    void twoDepartmentsAndATaskForA() {
        staff = new DepartmentStaff(identityService, repositoryService, runtimeService, taskService);
        departmentA = staff.department("a");
        staffA = staff.staff("staff-a", "password-a", departmentA);
        staffB = staff.staff("staff-b", "password-b", staff.department("b"));
        taskId = staff.task(departmentA);
    }

    @AfterEach
    void undeploy() {
        staff.undeploy();
    }

    @Test
    void staffOfAnotherDepartmentCannotSeeTheTask() {
        ResponseEntity<List<Map<String, Object>>> seenByA = http.withBasicAuth(staffA, "password-a")
                .exchange("/engine-rest/task?candidateGroup=" + departmentA, HttpMethod.GET, null, LIST);
        ResponseEntity<List<Map<String, Object>>> seenByB = http.withBasicAuth(staffB, "password-b")
                .exchange("/engine-rest/task?candidateGroup=" + departmentA, HttpMethod.GET, null, LIST);

        assertThat(seenByA.getBody()).extracting(t -> t.get("id")).containsExactly(taskId);
        assertThat(seenByB.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(seenByB.getBody()).isEmpty();
        assertThat(http.withBasicAuth(staffB, "password-b").getForEntity("/engine-rest/task/" + taskId, String.class)
                .getStatusCode()).isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
    }

    @Test
    void staffOfAnotherDepartmentCannotClaimTheTask() {
        ResponseEntity<String> claimedByB = http.withBasicAuth(staffB, "password-b").exchange(
                "/engine-rest/task/" + taskId + "/claim", HttpMethod.POST,
                new HttpEntity<>(Map.of("userId", staffB)), String.class);

        assertThat(claimedByB.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(taskService.createTaskQuery().taskId(taskId).singleResult().getAssignee()).isNull();

        ResponseEntity<String> claimedByA = http.withBasicAuth(staffA, "password-a").exchange(
                "/engine-rest/task/" + taskId + "/claim", HttpMethod.POST,
                new HttpEntity<>(Map.of("userId", staffA)), String.class);

        assertThat(claimedByA.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(taskService.createTaskQuery().taskId(taskId).singleResult().getAssignee()).isEqualTo(staffA);
    }

    @Test
    void staffSeeNoProcessInstancesOutsideTheirTasks() {
        ResponseEntity<String> processInstances = http.withBasicAuth(staffA, "password-a")
                .getForEntity("/engine-rest/process-instance", String.class);

        assertThat(processInstances.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(processInstances.getBody()).isEqualTo("[]");
        assertThat(identityService.createGroupQuery().groupMember(staffA).groupId(Roles.ADMIN_GROUP).count()).isZero();
    }

    /**
     * Tasklist shows staff its "Create task" button: a task of no process would sit beside the departments' tasks
     * and follow none of their rules. The engine refuses it (staff hold no CREATE on tasks).
     */
    @Test
    void staffCannotCreateATaskOfNoProcess() {
        String id = "staff-made-" + System.nanoTime();
        ResponseEntity<String> created = http.withBasicAuth(staffA, "password-a").exchange("/engine-rest/task/create",
                HttpMethod.POST, new HttpEntity<>(Map.of("id", id, "name", "made by staff")), String.class);

        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(taskService.createTaskQuery().taskId(id).count()).isZero();
    }

}
