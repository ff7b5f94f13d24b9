package com.hostflow.catalog.web;

import static com.hostflow.catalog.web.CatalogApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.catalog.DepartmentRepository;
import com.hostflow.catalog.DepartmentService;
import com.hostflow.catalog.DepartmentTaskFilters.Kind;
import com.hostflow.support.IntegrationTest;

/**
 * A department's task times (API, validation, the {@code departmentTaskTimes} bean in a BPMN user task) and its shared
 * Tasklist filters: made, renamed and deleted with it, readable by its own group only, and showing the right tasks
 * to its staff through {@code /engine-rest/filter}.
 */
@IntegrationTest
class DepartmentTaskFiltersTest {

    private static final String STAFF_PASSWORD = "staff-password-1";

    @Autowired
    TestRestTemplate rest;

    @Autowired
    IdentityService identityService;

    @Autowired
    FilterService filterService;

    @Autowired
    AuthorizationService authorizationService;

    @Autowired
    TaskService taskService;

    @Autowired
    RepositoryService repositoryService;

    @Autowired
    RuntimeService runtimeService;

    @Autowired
    DepartmentService departments;

    @Autowired
    DepartmentRepository departmentRows;

    @Autowired
    Clock clock;

    CatalogApi api;

    @BeforeEach
    void setUp() {
        api = new CatalogApi(rest, identityService);
    }

    // --- task times

    @Test
    void taskTimesDefaultAndChangeThroughTheApi() {
        String key = unique("times");
        JsonNode created = api.create("/departments", Map.of("name", "Times", "key", key));
        assertThat(created.get("taskDueAfter").asText()).isEqualTo("PT4H");
        assertThat(created.get("taskFollowUpAfter").asText()).isEqualTo("PT1H");
        long id = created.get("id").asLong();

        JsonNode changed = api.json(api.admin(HttpMethod.PUT, "/departments/" + id, Map.of("name", "Times",
                "key", key, "taskDueAfter", "P1D", "taskFollowUpAfter", "PT30M")));
        assertThat(changed.get("taskDueAfter").asText()).isEqualTo("PT24H");
        assertThat(changed.get("taskFollowUpAfter").asText()).isEqualTo("PT30M");

        JsonNode renamed = api.json(api.admin(HttpMethod.PUT, "/departments/" + id,
                Map.of("name", "Times renamed", "key", key)));
        assertThat(renamed.get("taskDueAfter").asText()).as("a PUT without times keeps them").isEqualTo("PT24H");
        assertThat(renamed.get("taskFollowUpAfter").asText()).isEqualTo("PT30M");
    }

    @Test
    void badTaskTimesAreRefusedNamingTheFieldAndChangeNothing() {
        String key = unique("badtimes");
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/departments",
                Map.of("name", "x", "key", key, "taskDueAfter", "4 hours")))).containsExactly("taskDueAfter");
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/departments",
                Map.of("name", "x", "key", key, "taskFollowUpAfter", "-PT1H")))).containsExactly("taskFollowUpAfter");
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/departments",
                Map.of("name", "x", "key", key, "taskDueAfter", "PT0S")))).containsExactly("taskDueAfter");
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/departments",
                Map.of("name", "x", "key", key, "taskDueAfter", "P400D")))).containsExactly("taskDueAfter");
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/departments",
                Map.of("name", "x", "key", key, "taskDueAfter", "PT1H", "taskFollowUpAfter", "PT2H"))))
                .containsExactly("taskFollowUpAfter");
        assertThat(departmentRows.findByKey(key)).as("nothing half-written").isEmpty();
        assertThat(identityService.createGroupQuery().groupId(key).count()).isZero();

        long id = api.create("/departments", Map.of("name", "x", "key", key, "taskDueAfter", "PT2H")).get("id")
                .asLong();
        assertThat(api.errorFields(api.admin(HttpMethod.PUT, "/departments/" + id,
                Map.of("name", "y", "key", key, "taskFollowUpAfter", "PT3H")))).containsExactly("taskFollowUpAfter");
        JsonNode unchanged = api.json(api.admin(HttpMethod.GET, "/departments/" + id, null));
        assertThat(unchanged.get("name").asText()).isEqualTo("x");
        assertThat(unchanged.get("taskFollowUpAfter").asText()).isEqualTo("PT1H");
    }

    @Test
    void aUserTaskTakesItsDueAndFollowUpDatesFromTheDepartment() {
        String key = unique("bpmn");
        api.create("/departments", Map.of("name", "Bpmn", "key", key, "taskDueAfter", "PT8H",
                "taskFollowUpAfter", "PT2H"));
        Deployment deployment = repositoryService.createDeployment().name("department task times test")
                .addModelInstance("DepartmentTaskTimesTest.bpmn", userTaskProcess()).deploy();
        try {
            Instant before = clock.instant();
            Task task = taskOf(runtimeService.startProcessInstanceByKey("DepartmentTaskTimesTest",
                    Map.of("departmentKey", key)).getId());
            Instant after = clock.instant();
            assertThat(task.getDueDate()).isBetween(Date.from(before.plus(Duration.ofHours(8))),
                    Date.from(after.plus(Duration.ofHours(8))), true, true);
            assertThat(task.getFollowUpDate()).isBetween(Date.from(before.plus(Duration.ofHours(2))),
                    Date.from(after.plus(Duration.ofHours(2))), true, true);

            Task fallback = taskOf(runtimeService.startProcessInstanceByKey("DepartmentTaskTimesTest",
                    Map.of("departmentKey", unique("no-such-department"))).getId());
            // the two dates are read a few milliseconds apart from a running clock
            assertThat(Duration.between(fallback.getFollowUpDate().toInstant(), fallback.getDueDate().toInstant()))
                    .as("a key without a department gets the defaults, 4 h and 1 h")
                    .isBetween(Duration.ofHours(3).minusSeconds(5), Duration.ofHours(3));
        } finally {
            repositoryService.deleteDeployment(deployment.getId(), true);
        }
    }

    // --- filters

    @Test
    void aDepartmentsFiltersComeRenameAndGoWithIt() {
        String key = unique("filters");
        long id = api.create("/departments", Map.of("name", "Network", "key", key)).get("id").asLong();

        List<Filter> made = filtersOf(key);
        assertThat(made).extracting(Filter::getName)
                .containsExactlyInAnyOrder("Network: open tasks", "Network: follow-up reached", "Network: overdue");
        for (Filter filter : made) {
            TaskQueryImpl query = filter.getQuery();
            assertThat(query.getCandidateGroup()).isEqualTo(key);
            assertThat(query.isIncludeAssignedTasks()).as("claimed tasks stay in the department's view").isTrue();
            assertThat(readers(filter.getId())).containsExactly(key);
        }

        api.admin(HttpMethod.PUT, "/departments/" + id, Map.of("name", "Network operations", "key", key));
        assertThat(filtersOf(key)).extracting(Filter::getName).containsExactlyInAnyOrder(
                "Network operations: open tasks", "Network operations: follow-up reached",
                "Network operations: overdue");
        assertThat(filtersOf(key)).extracting(Filter::getId)
                .containsExactlyInAnyOrderElementsOf(made.stream().map(Filter::getId).toList());

        assertThat(api.admin(HttpMethod.DELETE, "/departments/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(filtersOf(key)).isEmpty();
        for (Filter filter : made) {
            assertThat(filterService.getFilter(filter.getId())).isNull();
            assertThat(readers(filter.getId())).as("no authorization left behind").isEmpty();
        }
    }

    @Test
    void aFilterDeletedInTasklistComesBackAtStartUpOnceOnly() {
        String key = unique("restore");
        long id = api.create("/departments", Map.of("name", "Restore", "key", key)).get("id").asLong();
        Filter overdue = filterOf(key, Kind.OVERDUE);
        filterService.deleteFilter(overdue.getId());

        departments.ensureTaskFilters(id);
        departments.ensureTaskFilters(id);

        assertThat(filtersOf(key)).hasSize(3).extracting(Filter::getName).containsOnlyOnce("Restore: overdue");
        assertThat(readers(filterOf(key, Kind.OVERDUE).getId())).containsExactly(key);
    }

    @Test
    void staffSeeTheirDepartmentsFiltersWithTheirTasksThroughEngineRest() {
        String own = unique("ops");
        String other = unique("sales");
        api.create("/departments", Map.of("name", "Ops " + own, "key", own));
        api.create("/departments", Map.of("name", "Sales " + other, "key", other));
        String staff = unique("staff");
        assertThat(api.admin(HttpMethod.POST, "/users", Map.of("username", staff, "password", STAFF_PASSWORD,
                "roles", List.of("STAFF"), "departments", List.of(own))).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Instant now = clock.instant();
        Task overdue = standaloneTask(own, now.minus(Duration.ofHours(1)), now.minus(Duration.ofHours(3)));
        Task followUp = standaloneTask(own, now.plus(Duration.ofHours(1)), now.minus(Duration.ofMinutes(5)));
        Task fresh = standaloneTask(own, now.plus(Duration.ofHours(4)), now.plus(Duration.ofHours(1)));
        Task othersTask = standaloneTask(other, now.minus(Duration.ofHours(1)), now.minus(Duration.ofHours(2)));
        // what a module operation's department task carries on itself (DepartmentTaskStoryListener)
        taskService.setVariablesLocal(fresh.getId(), Map.of("serviceId", 17L, "operation", "open"));
        try {
            JsonNode visible = asStaff(staff, "/engine-rest/filter?resourceType=Task");
            List<String> names = visible.findValuesAsText("name");
            assertThat(names).contains("Ops " + own + ": open tasks", "Ops " + own + ": overdue",
                    "Ops " + own + ": follow-up reached", "All tasks");
            assertThat(names).noneMatch(name -> name.startsWith("Sales " + other));

            assertThat(taskIds(asStaff(staff, "/engine-rest/filter/" + filterOf(own, Kind.OPEN).getId() + "/list")))
                    .as("soonest due first").containsExactly(overdue.getId(), followUp.getId(), fresh.getId());
            ResponseEntity<String> columns = http(staff).exchange("/engine-rest/filter/"
                    + filterOf(own, Kind.OPEN).getId() + "/list", HttpMethod.GET, hal(), String.class);
            List<String> shown = new ArrayList<>();
            api.json(columns).path("_embedded").path("task").findValues("variable").forEach(variables -> variables
                    .forEach(variable -> shown.add(variable.path("name").asText() + "=" + variable.path("value"))));
            assertThat(shown).as("Tasklist shows the filter's Service and Operation columns to staff")
                    .containsExactlyInAnyOrder("serviceId=17", "operation=\"open\"");
            assertThat(taskIds(asStaff(staff, "/engine-rest/filter/" + filterOf(own, Kind.OVERDUE).getId()
                    + "/list"))).containsExactly(overdue.getId());
            assertThat(taskIds(asStaff(staff, "/engine-rest/filter/" + filterOf(own, Kind.FOLLOW_UP).getId()
                    + "/list"))).containsExactly(overdue.getId(), followUp.getId());
            assertThat(http(staff).getForEntity("/engine-rest/filter/" + filterOf(other, Kind.OVERDUE).getId()
                    + "/list", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        } finally {
            Stream.of(overdue, followUp, fresh, othersTask).forEach(t -> taskService.deleteTask(t.getId(), true));
        }
    }

    // --- helpers

    private static BpmnModelInstance userTaskProcess() {
        return Bpmn.createExecutableProcess("DepartmentTaskTimesTest").camundaHistoryTimeToLive(1)
                .startEvent()
                .userTask("Task_Department").name("Department task").camundaCandidateGroups("${departmentKey}")
                .camundaDueDate("${departmentTaskTimes.dueDate(departmentKey)}")
                .camundaFollowUpDate("${departmentTaskTimes.followUpDate(departmentKey)}")
                .endEvent().done();
    }

    private Task taskOf(String processInstanceId) {
        return taskService.createTaskQuery().processInstanceId(processInstanceId).singleResult();
    }

    private Task standaloneTask(String candidateGroup, Instant due, Instant followUp) {
        Task task = taskService.newTask();
        task.setName("Task of " + candidateGroup + " due " + due);
        task.setDueDate(Date.from(due));
        task.setFollowUpDate(Date.from(followUp));
        taskService.saveTask(task);
        taskService.addCandidateGroup(task.getId(), candidateGroup);
        return task;
    }

    private List<Filter> filtersOf(String departmentKey) {
        return filterService.createTaskFilterQuery().list().stream()
                .filter(f -> departmentKey.equals(((TaskQueryImpl) f.getQuery()).getCandidateGroup()))
                .toList();
    }

    private Filter filterOf(String departmentKey, Kind kind) {
        String name = departmentRows.findByKey(departmentKey).orElseThrow().getName();
        return filtersOf(departmentKey).stream().filter(f -> f.getName().equals(kind.filterName(name)))
                .findFirst().orElseThrow();
    }

    private List<String> readers(String filterId) {
        return authorizationService.createAuthorizationQuery().resourceType(Resources.FILTER).resourceId(filterId)
                .hasPermission(Permissions.READ).list().stream()
                .map(a -> a.getGroupId() != null ? a.getGroupId() : a.getUserId()).toList();
    }

    private TestRestTemplate http(String staff) {
        return rest.withBasicAuth(staff, STAFF_PASSWORD);
    }

    private JsonNode asStaff(String staff, String path) {
        ResponseEntity<String> answer = http(staff).exchange(path, HttpMethod.GET, null, String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return api.json(answer);
    }

    /** What Tasklist asks a filter's list for: tasks with the filter's variables embedded. */
    private static HttpEntity<Void> hal() {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.parseMediaType("application/hal+json")));
        return new HttpEntity<>(headers);
    }

    private static List<String> taskIds(JsonNode tasks) {
        return tasks.findValuesAsText("id");
    }
}
