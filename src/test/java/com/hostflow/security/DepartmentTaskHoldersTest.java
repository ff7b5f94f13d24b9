package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.support.IntegrationTest;

/**
 * A department's task goes only to someone who may work on it (found by a race probe: staff and admins could claim a
 * task for, assign or delegate it to any id, an unknown one, a client's login or staff of another department). Each
 * way in is tried, through /engine-rest, the webapps' path Tasklist uses and Java; a refusal is a 400 problem naming
 * the field and leaves the task as it was.
 */
@IntegrationTest
class DepartmentTaskHoldersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "holders-password";

    @Autowired
    TestRestTemplate http;
    @Autowired
    IdentityService identity;
    @Autowired
    AuthorizationService authorizations;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;

    DepartmentStaff staff;
    String department;
    String member;
    String colleague;
    String otherDepartmentsStaff;
    String client;
    String admin;
    String task;

    @BeforeEach
    void aDepartmentsTask() {
        staff = new DepartmentStaff(identity, repository, runtime, tasks);
        department = staff.department("ops");
        member = staff.staff("member", PASSWORD, department);
        colleague = staff.staff("colleague", PASSWORD, department);
        otherDepartmentsStaff = staff.staff("sales", PASSWORD, staff.department("sales"));
        client = staff.user("client@example.com", PASSWORD, Roles.CLIENT_GROUP);
        admin = staff.user("admin", PASSWORD, Roles.ADMIN_GROUP);
        task = staff.task(department);
    }

    @AfterEach
    void undeploy() {
        staff.undeploy();
    }

    @Test
    void claimingItForSomeoneWhoMayNotWorkOnItIsRefused() throws Exception {
        for (String[] refused : new String[][] {
            {otherDepartmentsStaff, "is not a staff member of " + department},
            {client, "is not a staff member of " + department},
            {"nobody-" + staff.suffix, "there is no user 'nobody-" + staff.suffix + "'"}}) {
            ResponseEntity<String> answer = call(member, HttpMethod.POST, "/claim", userId(refused[0]));

            assertRefused(answer, "userId", refused[1]);
            assertUnchanged(refused[0]);
        }

        ResponseEntity<String> own = call(member, HttpMethod.POST, "/claim", userId(member));
        assertThat(own.getStatusCode().value()).as(own.getBody()).isEqualTo(204);
        assertThat(current().getAssignee()).isEqualTo(member);
    }

    @Test
    void settingTheAssigneeOrOwnerToSomeoneWhoMayNotWorkOnItIsRefusedEveryWay() throws Exception {
        ResponseEntity<String> put = call(member, HttpMethod.PUT, "",
                "{\"name\":\"Renamed\",\"assignee\":\"" + client + "\"}");
        assertRefused(put, "assignee", client);
        assertThat(current().getName()).as("nothing of the update is kept").isEqualTo("Handle it");

        assertRefused(call(member, HttpMethod.PUT, "", "{\"name\":\"Handle it\",\"owner\":\"" + client + "\"}"),
                "owner", client);
        assertRefused(call(member, HttpMethod.POST, "/assignee", userId(otherDepartmentsStaff)), "userId",
                otherDepartmentsStaff);
        assertRefused(call(member, HttpMethod.POST, "/identity-links",
                "{\"userId\":\"" + client + "\",\"type\":\"assignee\"}"), "userId", client);
        assertRefused(call(member, HttpMethod.POST, "/identity-links",
                "{\"userId\":\"" + client + "\",\"type\":\"owner\"}"), "userId", client);
        assertUnchanged(client);
        assertUnchanged(otherDepartmentsStaff);

        assertThat(call(member, HttpMethod.PUT, "", "{\"name\":\"Handle it\",\"assignee\":\"" + colleague + "\"}")
                .getStatusCode().value()).isEqualTo(204);
        assertThat(current().getAssignee()).isEqualTo(colleague);
    }

    /** A candidate user may complete the task without claiming it, so one added must be allowed too. */
    @Test
    void candidateUsersWhoMayNotWorkOnItAreRefused() throws Exception {
        assertRefused(call(member, HttpMethod.POST, "/identity-links",
                "{\"userId\":\"" + otherDepartmentsStaff + "\",\"type\":\"candidate\"}"), "userId",
                otherDepartmentsStaff);
        assertUnchanged(otherDepartmentsStaff);
        assertThat(call(member, HttpMethod.POST, "/identity-links",
                "{\"userId\":\"" + colleague + "\",\"type\":\"candidate\"}").getStatusCode().value())
                .isEqualTo(204);
    }

    /**
     * A candidate group gives each of its members read and update on the task, and update completes it unclaimed
     * (found by a probe: a member added {@code hostflow-staff} in Tasklist's Groups, and staff of another department
     * read the task and completed it; {@code hostflow-clients} made every client a reader and an addressee of its
     * overdue mail). Only departments are candidate groups, whoever adds one, Tasklist's path and Java included.
     */
    @Test
    void aCandidateGroupThatIsNoDepartmentIsRefused() throws Exception {
        for (String group : new String[] {Roles.STAFF_GROUP, Roles.CLIENT_GROUP, "nothing-" + staff.suffix}) {
            assertRefused(call(member, HttpMethod.POST, "/identity-links",
                    "{\"groupId\":\"" + group + "\",\"type\":\"candidate\"}"), "groupId", group);
            assertRefused(call(admin, HttpMethod.POST, "/identity-links",
                    "{\"groupId\":\"" + group + "\",\"type\":\"candidate\"}"), "groupId", "is no department");
            assertThat(tasks.getIdentityLinksForTask(task)).noneSatisfy(
                    link -> assertThat(link.getGroupId()).isEqualTo(group));
            assertThat(authorizations.createAuthorizationQuery().groupIdIn(group).resourceId(task).count()).isZero();
        }
        WebappSession tasklist = new WebappSession(http);
        assertThat(tasklist.login("tasklist", member, PASSWORD)).isEqualTo(200);
        assertRefused(tasklist.exchange(HttpMethod.POST, "/camunda/api/engine/engine/default/task/" + task
                + "/identity-links", "{\"groupId\":\"" + Roles.STAFF_GROUP + "\",\"type\":\"candidate\"}", true),
                "groupId", Roles.STAFF_GROUP);
        assertThatThrownBy(() -> tasks.addCandidateGroup(task, Roles.STAFF_GROUP))
                .hasRootCauseInstanceOf(DepartmentTaskHolderRefused.class);

        ResponseEntity<String> completion = call(otherDepartmentsStaff, HttpMethod.POST, "/complete", "{}");
        assertThat(completion.getStatusCode().value()).as(completion.getBody()).isEqualTo(403);
        assertThat(current()).as("the task is still open").isNotNull();
    }

    @Test
    void delegatingGoesToMembersOnlyAndTheTaskReturnsToItsOwner() throws Exception {
        tasks.claim(task, member);

        assertRefused(call(member, HttpMethod.POST, "/delegate", userId(otherDepartmentsStaff)), "userId",
                otherDepartmentsStaff);
        assertThat(current().getAssignee()).isEqualTo(member);
        assertThat(current().getOwner()).isNull();

        assertThat(call(member, HttpMethod.POST, "/delegate", userId(colleague)).getStatusCode().value())
                .isEqualTo(204);
        assertThat(current().getOwner()).isEqualTo(member);
        assertThat(current().getAssignee()).isEqualTo(colleague);

        // the owner left the department meanwhile: the delegate still gives the task back to it
        identity.deleteMembership(member, department);
        assertThat(call(colleague, HttpMethod.POST, "/resolve", "{}").getStatusCode().value()).isEqualTo(204);
        assertThat(current().getAssignee()).isEqualTo(member);
    }

    @Test
    void anAdminAssignsOnlyToMembersOrAdminsAndGivingTheTaskUpStaysAllowed() throws Exception {
        assertThat(call(admin, HttpMethod.POST, "/assignee", userId(member)).getStatusCode().value()).isEqualTo(204);
        assertThat(current().getAssignee()).isEqualTo(member);
        assertThat(call(admin, HttpMethod.POST, "/assignee", userId(SecurityFixtures.ADMIN)).getStatusCode().value())
                .isEqualTo(204);
        assertThat(current().getAssignee()).isEqualTo(SecurityFixtures.ADMIN);

        assertRefused(call(admin, HttpMethod.POST, "/assignee", userId(otherDepartmentsStaff)), "userId",
                otherDepartmentsStaff);
        assertThat(current().getAssignee()).isEqualTo(SecurityFixtures.ADMIN);

        // giving a task up stays allowed, both ways Tasklist and the API have
        assertThat(call(admin, HttpMethod.POST, "/assignee", "{\"userId\":null}").getStatusCode().value())
                .isEqualTo(204);
        assertThat(current().getAssignee()).isNull();
        tasks.claim(task, member);
        assertThat(call(member, HttpMethod.POST, "/unclaim", "{}").getStatusCode().value()).isEqualTo(204);
        assertThat(current().getAssignee()).isNull();
    }

    /**
     * A staff member deleted while holding the task (found by a probe): the engine kept the claim and the
     * assignee's authorization by name, so the task stayed claimed by no one who could log in (a colleague's claim
     * answered 409, the overdue mail went to nobody), and a new user given the name in another department read and
     * completed it. The deletion gives the task back to its department and takes the user's authorizations along.
     */
    @Test
    void aDeletedMembersTaskGoesBackToItsDepartmentNotToTheNextUserOfTheName() throws Exception {
        assertThat(call(member, HttpMethod.POST, "/claim", userId(member)).getStatusCode().value()).isEqualTo(204);

        ResponseEntity<String> deleted = http.withBasicAuth(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD)
                .exchange("/api/v1/users/" + member, HttpMethod.DELETE, null, String.class);
        assertThat(deleted.getStatusCode().value()).as(deleted.getBody()).isEqualTo(204);
        assertThat(current().getAssignee()).isNull();
        assertThat(authorizations.createAuthorizationQuery().userIdIn(member).count()).isZero();

        User again = identity.newUser(member);
        again.setPassword(PASSWORD);
        identity.saveUser(again);
        identity.createMembership(member, Roles.STAFF_GROUP);
        identity.createMembership(member, staff.department("elsewhere"));
        assertThat(call(member, HttpMethod.GET, "", null).getStatusCode().value()).isIn(403, 404);
        ResponseEntity<String> completion = call(member, HttpMethod.POST, "/complete", "{}");
        assertThat(completion.getStatusCode().value()).as(completion.getBody()).isEqualTo(403);
        assertThat(current()).as("the task is still open").isNotNull();

        ResponseEntity<String> claim = call(colleague, HttpMethod.POST, "/claim", userId(colleague));
        assertThat(claim.getStatusCode().value()).as(claim.getBody()).isEqualTo(204);
    }

    /**
     * A claimed task is completed by the one who claimed it or an admin (found by a probe: a colleague completed a
     * task another member had claimed and was working on). The colleague unclaims it first, and may then.
     */
    @Test
    void aClaimedTaskIsCompletedByItsAssigneeOnly() throws Exception {
        assertThat(call(member, HttpMethod.POST, "/claim", userId(member)).getStatusCode().value()).isEqualTo(204);

        ResponseEntity<String> completion = call(colleague, HttpMethod.POST, "/complete", "{}");
        assertThat(completion.getStatusCode().value()).as(completion.getBody()).isEqualTo(409);
        assertThat(completion.getBody()).contains("already claimed");
        WebappSession tasklist = new WebappSession(http);
        assertThat(tasklist.login("tasklist", colleague, PASSWORD)).isEqualTo(200);
        ResponseEntity<String> byForm = tasklist.exchange(HttpMethod.POST, "/camunda/api/engine/engine/default/task/"
                + task + "/submit-form", "{\"variables\":{}}", true);
        assertThat(byForm.getStatusCode().value()).as(byForm.getBody()).isEqualTo(409);
        assertThat(current().getAssignee()).as("still the member's").isEqualTo(member);

        assertThat(call(colleague, HttpMethod.POST, "/unclaim", "{}").getStatusCode().value()).isEqualTo(204);
        assertThat(call(colleague, HttpMethod.POST, "/claim", userId(colleague)).getStatusCode().value())
                .isEqualTo(204);
        assertThat(call(colleague, HttpMethod.POST, "/complete", "{}").getStatusCode().value()).isEqualTo(204);
        assertThat(current()).isNull();
    }

    /** An admin completes a task whoever claimed it. */
    @Test
    void anAdminCompletesATaskSomeoneClaimed() throws Exception {
        assertThat(call(member, HttpMethod.POST, "/claim", userId(member)).getStatusCode().value()).isEqualTo(204);

        assertThat(call(admin, HttpMethod.POST, "/complete", "{}").getStatusCode().value()).isEqualTo(204);
        assertThat(current()).isNull();
    }

    /**
     * A process's task is no other task's subtask (found by a probe): {@code PUT /task/{id}} let a member give a
     * department's task a {@code parentTaskId}, and the engine deletes a task's subtasks when it is completed, so
     * completing the other task removed this one while its process went on waiting for it, with nothing left for
     * anyone to complete (and no incident). Refused for admins too, on both paths; the task keeps no parent.
     */
    @Test
    void aProcessTaskIsMadeNoOtherTasksSubtask() throws Exception {
        String other = staff.task(department);
        String withParent = "{\"name\":\"Handle it\",\"parentTaskId\":\"" + other + "\"}";

        assertRefused(call(member, HttpMethod.PUT, "", withParent), "parentTaskId", "no other task's subtask");
        assertRefused(call(admin, HttpMethod.PUT, "", withParent), "parentTaskId", "no other task's subtask");
        WebappSession tasklist = new WebappSession(http);
        assertThat(tasklist.login("tasklist", member, PASSWORD)).isEqualTo(200);
        assertRefused(tasklist.exchange(HttpMethod.PUT, "/camunda/api/engine/engine/default/task/" + task,
                withParent, true), "parentTaskId", "no other task's subtask");
        assertThat(current().getParentTaskId()).isNull();

        tasks.complete(other);
        assertThat(current()).as("still there for its process to wait on").isNotNull();
        assertThat(call(member, HttpMethod.PUT, "", "{\"name\":\"Handle it\",\"priority\":70}").getStatusCode()
                .value()).as("the rest of a task stays editable").isEqualTo(204);
        assertThat(current().getPriority()).isEqualTo(70);
    }

    /** Tasklist calls the same API under the webapps' path, with its session and CSRF token. */
    @Test
    void tasklistObeysTheSameRule() throws Exception {
        WebappSession tasklist = new WebappSession(http);
        assertThat(tasklist.login("tasklist", member, PASSWORD)).isEqualTo(200);
        String claim = "/camunda/api/engine/engine/default/task/" + task + "/claim";

        assertRefused(tasklist.exchange(HttpMethod.POST, claim, userId(otherDepartmentsStaff), true), "userId",
                otherDepartmentsStaff);
        assertUnchanged(otherDepartmentsStaff);

        ResponseEntity<String> own = tasklist.exchange(HttpMethod.POST, claim, userId(member), true);
        assertThat(own.getStatusCode().value()).as(own.getBody()).isEqualTo(204);
        assertThat(current().getAssignee()).isEqualTo(member);
    }

    /** HostFlow's own Java obeys it too: the rule is the engine's, not the REST API's. */
    @Test
    void javaCallersAreRefusedAsWell() {
        assertThatThrownBy(() -> tasks.setAssignee(task, client)).isInstanceOf(ProcessEngineException.class)
                .hasRootCauseInstanceOf(DepartmentTaskHolderRefused.class);
        assertThatThrownBy(() -> tasks.addUserIdentityLink(task, client, IdentityLinkType.OWNER))
                .hasRootCauseInstanceOf(DepartmentTaskHolderRefused.class);
        assertUnchanged(client);

        tasks.setAssignee(task, colleague);
        assertThat(current().getAssignee()).isEqualTo(colleague);
    }

    /**
     * Staff plan a process's task (due and follow-up dates, priority) but do not reword it: {@code PUT /task/{id}}
     * renaming it or giving it a description is 400 naming the field for a member, as is linking it to a case for
     * anyone; an admin may reword it.
     */
    @Test
    void staffPlanAProcessTaskButDoNotRewordIt() throws Exception {
        String due = "\"due\":\"2030-01-02T10:00:00.000+0000\",\"followUp\":\"2030-01-01T10:00:00.000+0000\"";
        assertRefused(call(member, HttpMethod.PUT, "", "{\"name\":\"Done, ignore\"," + due + "}"), "name",
                "Handle it");
        assertRefused(call(member, HttpMethod.PUT, "", "{\"name\":\"Handle it\",\"description\":\"ignore\"}"),
                "description", "an admin its wording");
        assertRefused(call(admin, HttpMethod.PUT, "", "{\"name\":\"Handle it\",\"caseInstanceId\":\"c1\"}"),
                "caseInstanceId", "no case instance");
        assertThat(current().getName()).isEqualTo("Handle it");
        assertThat(current().getDueDate()).as("nothing of a refused update is kept").isNull();

        ResponseEntity<String> planned = call(member, HttpMethod.PUT, "", "{\"name\":\"Handle it\",\"priority\":80,"
                + due + "}");
        assertThat(planned.getStatusCode().value()).as(planned.getBody()).isEqualTo(204);
        assertThat(current().getPriority()).isEqualTo(80);
        assertThat(current().getDueDate()).isNotNull();
        assertThat(current().getFollowUpDate()).isNotNull();
        assertThat(call(admin, HttpMethod.PUT, "", "{\"name\":\"Handle it first\",\"description\":\"why\"}")
                .getStatusCode().value()).isEqualTo(204);
        assertThat(current().getName()).isEqualTo("Handle it first");
        assertThat(current().getCaseInstanceId()).isNull();
    }

    // --- helpers

    private ResponseEntity<String> call(String user, HttpMethod method, String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, user.equals(SecurityFixtures.ADMIN) ? SecurityFixtures.ADMIN_PASSWORD
                : PASSWORD).exchange("/engine-rest/task/" + task + path, method, new HttpEntity<>(body, headers),
                        String.class);
    }

    private static String userId(String user) {
        return "{\"userId\":\"" + user + "\"}";
    }

    private Task current() {
        return tasks.createTaskQuery().taskId(task).singleResult();
    }

    private static void assertRefused(ResponseEntity<String> answer, String field, String saying) throws Exception {
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(400);
        assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
        JsonNode problem = JSON.readTree(answer.getBody());
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("errors").get(0).path("field").asText()).as(answer.getBody()).isEqualTo(field);
        assertThat(problem.path("detail").asText()).startsWith(field + ": ").contains(saying);
        assertThat(problem.path("message").asText()).as("what Tasklist shows").isEqualTo(
                problem.path("detail").asText());
    }

    /** Nobody holds the task, and the refused user got no authorization on it. */
    private void assertUnchanged(String refused) {
        Task now = current();
        assertThat(now.getAssignee()).isNull();
        assertThat(now.getOwner()).isNull();
        assertThat(tasks.getIdentityLinksForTask(task)).noneSatisfy(
                link -> assertThat(link.getUserId()).isEqualTo(refused));
        assertThat(authorizations.createAuthorizationQuery().userIdIn(refused).resourceId(task).count()).isZero();
    }
}
