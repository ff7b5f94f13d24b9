package com.hostflow.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.IdentityService;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.FieldProblem;
import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.InvalidInputException;
import com.hostflow.security.GroupInUseException;
import com.hostflow.security.LastAdministratorException;
import com.hostflow.security.Roles;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;

@IntegrationTest
class UserApiTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    TestRestTemplate http;

    @Autowired
    IdentityService identityService;

    @Autowired
    StaffUserService staffUsers;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcTemplate jdbc;

    String department;

    @BeforeEach
    void aDepartment() {
        department = department();
    }

    private String department() {
        String key = "dep-" + UUID.randomUUID().toString().substring(0, 8);
        Group group = identityService.newGroup(key);
        group.setName("Department " + key);
        group.setType(Roles.DEPARTMENT_GROUP_TYPE);
        identityService.saveGroup(group);
        return key;
    }

    @Test
    void createsAStaffUserWhoCanLogInAndWhosePasswordIsNeverShown() {
        String username = unique("anna");
        ResponseEntity<String> created = admin().postForEntity("/api/v1/users", Map.of(
                "username", username, "password", "s3cret-pass", "firstName", "Anna", "lastName", "Berg",
                "email", "anna@example.com", "roles", List.of("STAFF"), "departments", List.of(department)),
                String.class);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getHeaders().getLocation()).hasPath("/api/v1/users/" + username).hasScheme("http");
        assertThat(created.getBody()).contains("\"departments\":[\"" + department + "\"]").doesNotContain("s3cret-pass");
        assertThat(identityService.checkPassword(username, "s3cret-pass")).isTrue();
        assertThat(identityService.createUserQuery().memberOfGroup(department).userId(username).count()).isOne();
        assertThat(http.withBasicAuth(username, "s3cret-pass").getForEntity("/api/v1/users", String.class)
                .getStatusCode()).as("staff may not manage users").isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(admin().getForEntity("/api/v1/users", String.class).getBody())
                .contains(username).doesNotContain("s3cret-pass");
    }

    @Test
    void updatesRolesDepartmentsAndPassword() {
        String username = createStaff();

        ResponseEntity<Map<String, Object>> updated = admin().exchange("/api/v1/users/" + username, HttpMethod.PUT,
                new HttpEntity<>(Map.of("password", "another-pass", "firstName", "New", "roles", List.of("ADMIN"))),
                JSON);

        assertThat(updated.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(updated.getBody()).containsEntry("roles", List.of("ADMIN")).containsEntry("departments", List.of())
                .containsEntry("firstName", "New");
        assertThat(identityService.checkPassword(username, "another-pass")).isTrue();
        assertThat(http.withBasicAuth(username, "another-pass").getForEntity("/api/v1/users", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /**
     * Two admins editing one user: the save made from an entry read before the other's is refused (412) and changes
     * nothing (the later save silently won). A department added changes the entry's ETag, though not the user's row.
     * Without If-Match a change goes through, as everywhere in the API.
     */
    @Test
    void aChangeMadeFromAnEntryReadBeforeAnotherAdminsSaveIsRefused() {
        String username = createStaff();
        String other = department();
        ResponseEntity<String> read = admin().getForEntity("/api/v1/users/" + username, String.class);
        String readTag = read.getHeaders().getETag();
        assertThat(readTag).matches("\"[0-9]+\"");

        ResponseEntity<String> theirs = put(username, Map.of("roles", List.of("STAFF"),
                "departments", List.of(department, other)), readTag);
        assertThat(theirs.getStatusCode()).isEqualTo(HttpStatus.OK);
        String theirTag = theirs.getHeaders().getETag();
        assertThat(theirTag).isNotEqualTo(readTag)
                .isEqualTo(admin().getForEntity("/api/v1/users/" + username, String.class).getHeaders().getETag());

        ResponseEntity<String> mine = put(username, Map.of("firstName", "Mine", "roles", List.of("STAFF"),
                "departments", List.of(department)), readTag);
        assertThat(mine.getStatusCode()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
        assertThat(mine.getHeaders().getContentType()).hasToString("application/problem+json");
        StaffUser kept = staffUsers.get(username);
        assertThat(kept.departments()).containsExactlyInAnyOrder(department, other);
        assertThat(kept.firstName()).isNull();
        assertThat(admin().exchange("/api/v1/users/" + username, HttpMethod.DELETE,
                new HttpEntity<>(ifMatch(readTag)), String.class).getStatusCode())
                .isEqualTo(HttpStatus.PRECONDITION_FAILED);
        assertThat(identityService.createUserQuery().userId(username).count()).isOne();

        assertThat(put(username, Map.of("firstName", "Mine", "roles", List.of("STAFF"),
                "departments", List.of(department)), null).getStatusCode()).as("no If-Match").isEqualTo(HttpStatus.OK);
        String now = admin().getForEntity("/api/v1/users/" + username, String.class).getHeaders().getETag();
        assertThat(admin().exchange("/api/v1/users/" + username, HttpMethod.DELETE,
                new HttpEntity<>(ifMatch(now)), String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    private ResponseEntity<String> put(String username, Map<String, Object> body, String tag) {
        return admin().exchange("/api/v1/users/" + username, HttpMethod.PUT, new HttpEntity<>(body, ifMatch(tag)),
                String.class);
    }

    private static org.springframework.http.HttpHeaders ifMatch(String tag) {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        if (tag != null) {
            headers.setIfMatch(tag);
        }
        return headers;
    }

    @Test
    void keepsThePasswordWhenAnUpdateHasNone() {
        String username = createStaff();

        admin().put("/api/v1/users/" + username, Map.of("roles", List.of("STAFF"), "departments", List.of(department)));

        assertThat(identityService.checkPassword(username, "initial-pass")).isTrue();
    }

    @Test
    void deletesAUser() {
        String username = createStaff();

        ResponseEntity<Void> deleted = admin().exchange("/api/v1/users/" + username, HttpMethod.DELETE, null,
                Void.class);

        assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(admin().getForEntity("/api/v1/users/" + username, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void rejectsBadInputNamingEachField() {
        ResponseEntity<Map<String, Object>> response = admin().exchange("/api/v1/users", HttpMethod.POST,
                new HttpEntity<>(Map.of("username", "bad name!", "password", "short", "email", "not-an-email",
                        "roles", List.of())), JSON);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fields(response)).contains("username", "password", "email", "roles");
    }

    /**
     * A user named "." or ".." was created, and then no address reached it (/api/v1/users/.. is the list's parent):
     * it could be neither read, changed nor deleted through the API. A password too long was refused as one "at least
     * 8 characters".
     */
    @Test
    void aUserNameOfDotsIsRefusedAndATooLongPasswordIsSaidSo() {
        for (String username : List.of(".", "..")) {
            ResponseEntity<Map<String, Object>> response = admin().exchange("/api/v1/users", HttpMethod.POST,
                    new HttpEntity<>(Map.of("username", username, "password", "s3cret-pass", "roles",
                            List.of("STAFF"), "departments", List.of(department))), JSON);

            assertThat(response.getStatusCode()).as(username).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(fields(response)).containsExactly("username");
        }
        assertThat(identityService.createUserQuery().userIdIn(".", "..").count()).isZero();
        ResponseEntity<Map<String, Object>> dotted = admin().exchange("/api/v1/users", HttpMethod.POST,
                new HttpEntity<>(Map.of("username", "..dots-" + UUID.randomUUID().toString().substring(0, 8),
                        "password", "s3cret-pass", "roles", List.of("STAFF"), "departments", List.of(department))),
                JSON);
        assertThat(dotted.getStatusCode()).as("dots beside other characters name a user").isEqualTo(HttpStatus.CREATED);

        ResponseEntity<Map<String, Object>> longPassword = admin().exchange("/api/v1/users", HttpMethod.POST,
                new HttpEntity<>(Map.of("username", "long-" + UUID.randomUUID().toString().substring(0, 8),
                        "password", "p".repeat(129), "roles", List.of("STAFF"))), JSON);
        assertThat(fields(longPassword)).containsExactly("password");
        assertThat(longPassword.getBody().get("detail").toString()).contains("8 to 128 characters");
    }

    @Test
    void rejectsAnUnknownRoleAndAnUnknownDepartment() {
        ResponseEntity<Map<String, Object>> role = admin().exchange("/api/v1/users", HttpMethod.POST,
                new HttpEntity<>(Map.of("username", unique("x"), "password", "long-enough", "roles", List.of("ROOT"))),
                JSON);
        ResponseEntity<Map<String, Object>> department = admin().exchange("/api/v1/users", HttpMethod.POST,
                new HttpEntity<>(Map.of("username", unique("y"), "password", "long-enough", "roles", List.of("STAFF"),
                        "departments", List.of("no-such-department"))), JSON);

        assertThat(role.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fields(role)).containsExactly("roles[0]");
        assertThat(department.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fields(department)).containsExactly("departments");
        assertThat(identityService.createUserQuery().userId(unique("y")).count()).isZero();
    }

    @Test
    void aNullRoleOrABlankDepartmentIsNamedByItsIndex() {
        String username = unique("n");
        ResponseEntity<Map<String, Object>> response = admin().exchange("/api/v1/users", HttpMethod.POST,
                new HttpEntity<>("{\"username\":\"" + username + "\",\"password\":\"long-enough\",\"roles\":"
                        + "[\"STAFF\",null],\"departments\":[\"" + department + "\",\" \"]}", jsonHeaders()), JSON);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fields(response)).containsExactlyInAnyOrder("roles[1]", "departments[1]");
        assertThat(identityService.createUserQuery().userId(username).count()).isZero();
    }

    private static org.springframework.http.HttpHeaders jsonHeaders() {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        return headers;
    }

    @Test
    void refusesATakenUserNameAndAnUnknownUser() {
        String username = createStaff();

        ResponseEntity<String> again = admin().postForEntity("/api/v1/users", Map.of("username", username,
                "password", "long-enough", "roles", List.of("STAFF"), "departments", List.of(department)),
                String.class);

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(admin().getForEntity("/api/v1/users/nobody-" + UUID.randomUUID(), String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void eightDeletionsOfOneUserAtOnceDeleteItOnceAndAuditItOnce() throws Exception {
        String username = createStaff();

        List<HttpStatus> answers = AtOnce.run(8, () -> (HttpStatus) admin().exchange("/api/v1/users/" + username,
                HttpMethod.DELETE, null, String.class).getStatusCode());

        assertThat(answers).filteredOn(HttpStatus.NO_CONTENT::equals).hasSize(1);
        assertThat(answers).filteredOn(HttpStatus.NOT_FOUND::equals).hasSize(7);
        assertThat(jdbc.queryForObject("select count(*) from hostflow.audit_entry where entity = 'user' and"
                + " entity_id = ? and action = 'DELETE'", Long.class, username)).isEqualTo(1);
    }

    @Test
    void tenCreatesOfOneUserNameAtOnceMakeOneUserAndNineConflicts() throws Exception {
        String username = unique("race");
        Map<String, Object> form = Map.of("username", username, "password", "long-enough", "roles",
                List.of("STAFF"), "departments", List.of(department));

        List<HttpStatus> answers = AtOnce.run(10, () -> (HttpStatus) admin().postForEntity("/api/v1/users", form,
                String.class).getStatusCode());

        assertThat(answers).filteredOn(HttpStatus.CREATED::equals).hasSize(1);
        assertThat(answers).filteredOn(HttpStatus.CONFLICT::equals).hasSize(9);
        assertThat(identityService.createUserQuery().userId(username).count()).isEqualTo(1);
        assertThat(identityService.createGroupQuery().groupMember(username).list()).extracting(Group::getId)
                .containsExactlyInAnyOrder(Roles.STAFF_GROUP, department);
    }

    /**
     * Client logins are one regardless of letter case (their e-mail), staff user names kept theirs: "Anna" and "anna"
     * were two users who logged in apart. Two creates at once that differ in case take turns on the name's lock.
     */
    @Test
    void userNamesThatDifferOnlyInCaseAreOneName() throws Exception {
        String username = unique("Case");
        AtomicInteger sent = new AtomicInteger();
        List<ResponseEntity<String>> answers = AtOnce.run(2, () -> admin().postForEntity("/api/v1/users", Map.of(
                "username", sent.getAndIncrement() == 0 ? username : username.toLowerCase(), "password",
                "long-enough", "roles", List.of("STAFF"), "departments", List.of(department)), String.class));

        assertThat(answers).extracting(a -> a.getStatusCode().value()).containsExactlyInAnyOrder(201, 409);
        String created = answers.stream().filter(a -> a.getStatusCode().value() == 201).findFirst().orElseThrow()
                .getBody().replaceAll(".*\"username\":\"([^\"]+)\".*", "$1");
        assertThat(answers.stream().filter(a -> a.getStatusCode().value() == 409).findFirst().orElseThrow()
                .getBody()).contains("user name " + created + " is taken");
        assertThat(jdbc.queryForObject("select count(*) from act_id_user where lower(id_) = ?", Long.class,
                username.toLowerCase())).isEqualTo(1);

        String login = unique("Mixed") + "@example.com";
        assertThat(admin().postForEntity("/api/v1/users", Map.of("username", login, "password", "long-enough",
                "roles", List.of("ADMIN")), String.class).getStatusCode().value()).isEqualTo(201);
        Object providerId = admin().postForEntity("/api/v1/providers", Map.of("name", login, "currency", "EUR"),
                Map.class).getBody().get("id");
        ResponseEntity<String> client = admin().postForEntity("/api/v1/clients", Map.of("email", login.toLowerCase(),
                "name", "Mixed", "providerId", providerId, "password", "long-enough"), String.class);
        assertThat(client.getStatusCode().value()).as(client.getBody()).isEqualTo(409);
        assertThat(client.getBody()).contains("a login " + login + " already exists");
        admin().delete("/api/v1/users/" + login);
    }

    /** Camunda's Admin app and the engine REST create users past HostFlow's API: `ANNA` was created beside `anna`. */
    @Test
    void aUserCreatedThroughTheEngineRestIsRefusedANameTakenInAnotherCase() {
        String username = unique("engine");
        assertThat(admin().postForEntity("/api/v1/users", Map.of("username", username, "password", "long-enough",
                "roles", List.of("STAFF"), "departments", List.of(department)), String.class).getStatusCode().value())
                .isEqualTo(201);

        for (String name : List.of(username.toUpperCase(), username)) {
            ResponseEntity<String> created = admin().postForEntity("/engine-rest/user/create", Map.of("profile",
                    Map.of("id", name, "firstName", "Engine", "lastName", "Rest", "email", "engine@example.com"),
                    "credentials", Map.of("password", "long-enough")), String.class);
            assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(400);
            assertThat(created.getBody()).contains("user name " + username + " is taken");
        }
        assertThat(jdbc.queryForObject("select count(*) from act_id_user where lower(id_) = lower(?)", Long.class,
                username)).isEqualTo(1);
        String other = unique("engine-new");
        assertThat(admin().postForEntity("/engine-rest/user/create", Map.of("profile", Map.of("id", other,
                "firstName", "Engine", "lastName", "Rest", "email", "engine@example.com"), "credentials",
                Map.of("password", "long-enough")), String.class).getStatusCode().value()).isEqualTo(204);
        admin().delete("/engine-rest/user/" + other);
    }

    @Test
    void tenUpdatesOfOneUserAtOnceAreEachAppliedOrAConflict() throws Exception {
        String username = createStaff();
        Map<String, Object> form = Map.of("password", "changed-pass", "roles", List.of("STAFF"), "departments",
                List.of(department));

        List<HttpStatus> answers = AtOnce.run(10, () -> (HttpStatus) admin().exchange("/api/v1/users/" + username,
                HttpMethod.PUT, new HttpEntity<>(form), String.class).getStatusCode());

        assertThat(answers).contains(HttpStatus.OK).allMatch(s -> s == HttpStatus.OK || s == HttpStatus.CONFLICT);
        assertThat(identityService.checkPassword(username, "changed-pass")).isTrue();
    }

    @Test
    void neverRemovesTheLastAdministrator() {
        List<String> admins = identityService.createUserQuery().memberOfGroup(Roles.ADMIN_GROUP).list().stream()
                .map(u -> u.getId()).toList();
        assertThat(admins).contains("demo");

        if (admins.size() == 1) {
            assertThat(admin().exchange("/api/v1/users/demo", HttpMethod.DELETE, null, String.class).getStatusCode())
                    .isEqualTo(HttpStatus.CONFLICT);
        }
        assertThat(identityService.checkPassword("demo", "demo")).isTrue();
    }

    /**
     * Two administrators removed at once: each removal checked that another administrator was left before either
     * committed, so with two left both went and nobody could administer HostFlow any more (found acting as a new user
     * on the demo: {@code demo} and a second admin deleted at once, both 204, every admin login gone). A removal or
     * demotion of an administrator now waits for one under way and then counts without it. The shared context keeps
     * other administrators, so the test holds the first removal uncommitted and sees the second one wait for it.
     */
    @Test
    void aRemovalOfAnAdministratorWaitsForOneUnderWay() throws Exception {
        String first = createAdmin();
        String second = createAdmin();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<HttpStatusCode> removal = transaction.execute(status -> {
                staffUsers.delete(first, IfMatch.ANY);
                Future<HttpStatusCode> other = thread.submit(() -> admin().exchange("/api/v1/users/" + second,
                        HttpMethod.DELETE, null, String.class).getStatusCode());
                Awaitility.await("the second removal waits for the first").atMost(Duration.ofSeconds(30))
                        .until(() -> jdbc.queryForObject("select count(*) from pg_locks"
                                + " where locktype = 'advisory' and not granted", Long.class) > 0);
                return other;
            });

            assertThat(removal.get(30, TimeUnit.SECONDS)).isEqualTo(HttpStatus.NO_CONTENT);
        } finally {
            thread.shutdownNow();
        }
        assertThat(identityService.createUserQuery().memberOfGroup(Roles.ADMIN_GROUP).list()).extracting(User::getId)
                .contains("demo").doesNotContain(first, second);
    }

    /**
     * With one administrator left (the others' memberships removed in the test's own transaction, which the engine's
     * commands join and which is rolled back after), neither a removal nor a demotion of it passes, through the API's
     * service (409) or the engine's identity service (the Admin app's and engine REST's way).
     */
    @Test
    void theLastAdministratorIsKeptWhateverRemovesIt() {
        String last = createAdmin();
        for (Runnable removal : List.<Runnable>of(() -> staffUsers.delete(last, IfMatch.ANY),
                () -> identityService.deleteUser(last),
                () -> identityService.deleteMembership(last, Roles.ADMIN_GROUP))) {
            assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                jdbc.update("delete from act_id_membership where group_id_ = ? and user_id_ <> ?", Roles.ADMIN_GROUP,
                        last);
                removal.run();
            })).isInstanceOfAny(ConflictException.class, LastAdministratorException.class)
                    .hasMessageContaining("the last administrator cannot be removed or demoted");
        }
        assertThat(identityService.createUserQuery().memberOfGroup(Roles.ADMIN_GROUP).list()).extracting(User::getId)
                .contains("demo", last);
    }

    /**
     * Camunda's Admin app and the engine REST remove users and memberships in the engine's identity store itself: the
     * same check guards them (a removal waits for the administrators' lock, the admin group cannot go).
     */
    @Test
    void removalsOfAdministratorsInTheEnginesOwnApisAreGuardedToo() throws Exception {
        String first = createAdmin();
        String second = createAdmin();

        ResponseEntity<String> group = admin().exchange("/engine-rest/group/" + Roles.ADMIN_GROUP, HttpMethod.DELETE,
                null, String.class);
        assertThat(group.getStatusCode()).as(group.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(group.getBody()).contains("last administrator");
        assertThat(identityService.createGroupQuery().groupId(Roles.ADMIN_GROUP).count()).isEqualTo(1);

        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<HttpStatusCode> removal = transaction.execute(status -> {
                jdbc.queryForList("select pg_advisory_xact_lock(hashtext('hostflow.administrators'))");
                Future<HttpStatusCode> viaEngineRest = thread.submit(() -> admin().exchange("/engine-rest/user/"
                        + first, HttpMethod.DELETE, null, String.class).getStatusCode());
                Awaitility.await("the engine REST's removal waits for the administrators' lock")
                        .atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("select count(*) from pg_locks"
                                + " where locktype = 'advisory' and not granted", Long.class) > 0);
                return viaEngineRest;
            });
            assertThat(removal.get(30, TimeUnit.SECONDS)).isEqualTo(HttpStatus.NO_CONTENT);
        } finally {
            thread.shutdownNow();
        }
        assertThat(admin().exchange("/engine-rest/group/" + Roles.ADMIN_GROUP + "/members/" + second,
                HttpMethod.DELETE, null, String.class).getStatusCode()).as("another administrator is left")
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(identityService.createUserQuery().memberOfGroup(Roles.ADMIN_GROUP).list()).extracting(User::getId)
                .contains("demo").doesNotContain(first, second);
    }

    /**
     * A department deleted while a staff user joins it: the deletion waits for the user's transaction and then refuses,
     * naming the new member (it failed on the memberships' foreign key, a 500 at the API; then it took the membership
     * along and left the user in no department).
     */
    @Test
    void aDepartmentDeletedWhileAStaffUserJoinsItWaitsAndKeepsItsNewMember() throws Exception {
        String username = unique("joining");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch joined = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        try {
            Future<?> join = threads.submit(() -> transaction.executeWithoutResult(status -> {
                staffUsers.create(staffAccount(username), "initial-pass");
                joined.countDown();
                awaitQuietly(commit);
            }));
            assertThat(joined.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> deletion = threads.submit(() -> identityService.deleteGroup(department));
            awaitLockWait();
            commit.countDown();
            join.get(30, TimeUnit.SECONDS);

            assertThatThrownBy(() -> deletion.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(GroupInUseException.class).hasMessageContaining(username);
            assertThat(identityService.createGroupQuery().groupId(department).count()).isOne();
            assertThat(staffUsers.get(username).departments()).containsExactly(department);
        } finally {
            commit.countDown();
            threads.shutdownNow();
        }
    }

    /**
     * A staff user joining a department that is being deleted waits for the deletion and is refused naming the field,
     * as if the department had gone before (its membership failed on the foreign key, a 500 at the API).
     */
    @Test
    void aStaffUserJoiningADepartmentBeingDeletedIsRefusedNamingTheField() throws Exception {
        String username = unique("late");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch deleted = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        try {
            Future<?> deletion = threads.submit(() -> transaction.executeWithoutResult(status -> {
                identityService.deleteGroup(department);
                deleted.countDown();
                awaitQuietly(commit);
            }));
            assertThat(deleted.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> join = threads.submit(() -> staffUsers.create(staffAccount(username), "initial-pass"));
            awaitLockWait();
            commit.countDown();
            deletion.get(30, TimeUnit.SECONDS);

            assertThatThrownBy(() -> join.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting(FieldProblem::field)
                            .containsExactly("departments"));
            assertThat(identityService.createUserQuery().userId(username).count()).as("nothing half-written")
                    .isZero();
        } finally {
            commit.countDown();
            threads.shutdownNow();
        }
    }

    /**
     * A staff user deleted while an admin adds it to another department: the deletion waits for the change and takes
     * the new membership along (it failed on the memberships' foreign key or on the user's version).
     */
    @Test
    void aStaffUserDeletedWhileAnAdminAddsItToADepartmentGoesWithItsNewMembership() throws Exception {
        String username = unique("leaving");
        staffUsers.create(staffAccount(username), "initial-pass");
        String other = unique("dep");
        Group group = identityService.newGroup(other);
        group.setType(Roles.DEPARTMENT_GROUP_TYPE);
        identityService.saveGroup(group);
        StaffUser withBoth = new StaffUser(username, "Staff", "Joining", null, Set.of(StaffRole.STAFF),
                Set.of(department, other));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch changed = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        try {
            Future<?> change = threads.submit(() -> transaction.executeWithoutResult(status -> {
                staffUsers.update(username, withBoth, null, IfMatch.ANY);
                changed.countDown();
                awaitQuietly(commit);
            }));
            assertThat(changed.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> deletion = threads.submit(() -> staffUsers.delete(username, IfMatch.ANY));
            awaitLockWait();
            commit.countDown();
            change.get(30, TimeUnit.SECONDS);
            deletion.get(30, TimeUnit.SECONDS);

            assertThat(identityService.createUserQuery().userId(username).count()).isZero();
            assertThat(identityService.createGroupQuery().groupMember(username).count()).isZero();
        } finally {
            commit.countDown();
            threads.shutdownNow();
        }
    }

    private StaffUser staffAccount(String username) {
        return new StaffUser(username, "Staff", "Joining", null, Set.of(StaffRole.STAFF), Set.of(department));
    }

    /** Until another session waits for a row lock (the other side of the race has reached it). */
    private void awaitLockWait() {
        Awaitility.await("the other transaction waits for the group's row").atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                        + " and datname = current_database()", Long.class) > 0);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String createAdmin() {
        String username = unique("admin");
        assertThat(admin().postForEntity("/api/v1/users", Map.of("username", username, "password", "initial-pass",
                "roles", List.of("ADMIN")), String.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return username;
    }

    private String createStaff() {
        String username = unique("staff");
        ResponseEntity<String> created = admin().postForEntity("/api/v1/users", Map.of("username", username,
                "password", "initial-pass", "roles", List.of("STAFF"), "departments", List.of(department)),
                String.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return username;
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(ResponseEntity<Map<String, Object>> problem) {
        return ((List<Map<String, Object>>) problem.getBody().get("errors")).stream()
                .map(e -> (String) e.get("field")).toList();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }
}
