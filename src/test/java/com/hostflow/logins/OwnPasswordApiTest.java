package com.hostflow.logins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.catalog.DepartmentForm;
import com.hostflow.catalog.DepartmentService;
import com.hostflow.catalog.ProviderForm;
import com.hostflow.catalog.ProviderService;
import com.hostflow.clients.ClientService;
import com.hostflow.clients.ClientService.ClientData;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;
import com.hostflow.users.StaffRole;
import com.hostflow.users.StaffUser;
import com.hostflow.users.StaffUserService;

@IntegrationTest
class OwnPasswordApiTest {

    static final String PASSWORD = "first-password";

    @Autowired
    TestRestTemplate http;
    @Autowired
    ClientService clients;
    @Autowired
    ProviderService providers;
    @Autowired
    StaffUserService staffUsers;
    @Autowired
    DepartmentService departments;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    OwnPassword ownPassword;
    @Autowired
    ObjectMapper json;

    final String unique = UUID.randomUUID().toString().substring(0, 8);
    String client;
    long clientId;

    @BeforeEach
    void aClientWithALogin() {
        long providerId = providers.create(new ProviderForm("Passwords " + unique, "EUR")).id();
        client = "pw-" + unique + "@example.com";
        clientId = clients.create(new ClientData(client, "Passwords " + unique, null, providerId, PASSWORD)).getId();
    }

    @Test
    void aClientChangesItsPasswordAndFromThenOnOnlyTheNewOneLogsIn() throws Exception {
        assertThat(me(client, PASSWORD).get("clientId").asLong()).isEqualTo(clientId);

        ResponseEntity<String> changed = change(client, PASSWORD, PASSWORD, "second-password");

        assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        JsonNode me = me(client, "second-password");
        assertThat(me.get("username").asText()).isEqualTo(client);
        assertThat(me.get("roles")).hasSize(1).first().extracting(JsonNode::asText).isEqualTo("CLIENT");
        Map<String, Object> audit = jdbc.queryForMap("select username, action, before_json, after_json"
                + " from hostflow.audit_entry where entity = 'password' and entity_id = ?", client);
        assertThat(audit).containsEntry("username", client).containsEntry("action", "UPDATE")
                .containsEntry("before_json", null).containsEntry("after_json", null);
        // last: the refused login makes the engine hold this user's next login back for a few seconds
        assertThat(http.withBasicAuth(client, PASSWORD).getForEntity("/api/v1/me", String.class).getStatusCode())
                .as("the old password, remembered by the login cache a moment ago, is forgotten at once")
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aWrongCurrentPasswordIsA400AndDoesNotCountAsAFailedLogin() throws Exception {
        ResponseEntity<String> wrong = change(client, PASSWORD, "not-the-password", "second-password");

        assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fields(wrong)).containsExactly("currentPassword");
        assertThat(change(client, PASSWORD, PASSWORD, "second-password").getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        // a login the cache cannot answer: the engine checks it, and would refuse it for a few seconds had the
        // mistyped current password counted as a failed login
        assertThat(me(client, "second-password").get("username").asText()).isEqualTo(client);
    }

    @Test
    void afterFiveWrongCurrentPasswordsEvenTheRightOneWaits() throws Exception {
        for (int guess = 0; guess < OwnPassword.MAX_WRONG_GUESSES; guess++) {
            assertThat(change(client, PASSWORD, "guess-" + guess, "second-password").getStatusCode())
                    .isEqualTo(HttpStatus.BAD_REQUEST);
        }

        ResponseEntity<String> held = change(client, PASSWORD, PASSWORD, "second-password");

        assertThat(held.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(Long.parseLong(held.getHeaders().getFirst("Retry-After"))).isBetween(1L,
                OwnPassword.GUESS_WINDOW.toSeconds());
        assertThat(held.getBody()).contains("too many wrong current passwords");
        assertThat(ownPassword.isPasswordOf(client, PASSWORD)).as("nothing changed").isTrue();
        assertThat(me(client, PASSWORD).get("username").asText()).as("logging in is not held back").isEqualTo(client);
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() throws Exception {
        Map<String, Map<String, Object>> bodies = Map.of(
                "newPassword", Map.of("currentPassword", PASSWORD, "newPassword", "short"),
                "currentPassword", Map.of("newPassword", "long-enough-password"));
        for (Map.Entry<String, Map<String, Object>> body : bodies.entrySet()) {
            ResponseEntity<String> answer = http.withBasicAuth(client, PASSWORD).exchange("/api/v1/me/password",
                    HttpMethod.PUT, new HttpEntity<>(body.getValue()), String.class);
            assertThat(answer.getStatusCode()).as(body.getKey()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(fields(answer)).as(body.getKey()).containsExactly(body.getKey());
        }
        ResponseEntity<String> same = change(client, PASSWORD, PASSWORD, PASSWORD);
        assertThat(same.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fields(same)).containsExactly("newPassword");
        assertThat(same.getBody()).contains("must differ from the current password");
        ResponseEntity<String> tooLong = change(client, PASSWORD, PASSWORD, "x".repeat(129));
        assertThat(fields(tooLong)).containsExactly("newPassword");
        ResponseEntity<String> both = change(client, PASSWORD, "not-the-password", "short");
        assertThat(both.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fields(both)).as("a wrong current password and a short new one, in one answer")
                .containsExactly("currentPassword", "newPassword");
        assertThat(both.getBody()).contains("is not your current password");

        assertThat(me(client, PASSWORD).get("clientId").asLong()).as("the password is the first one still")
                .isEqualTo(clientId);
        assertThat(http.getForEntity("/api/v1/me", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.exchange("/api/v1/me/password", HttpMethod.PUT, new HttpEntity<>(Map.of("currentPassword",
                PASSWORD, "newPassword", "anonymous-try")), String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void staffChangeTheirOwnPasswordAndSeeTheirDepartments() throws Exception {
        String staff = "pw-staff-" + unique;
        String desk = "pw-desk-" + unique;
        departments.create(new DepartmentForm("Desk " + unique, desk));
        staffUsers.create(new StaffUser(staff, "Staff", unique, null, Set.of(StaffRole.STAFF), Set.of(desk)),
                PASSWORD);
        JsonNode me = me(staff, PASSWORD);
        assertThat(me.get("roles")).extracting(JsonNode::asText).containsExactly("STAFF");
        assertThat(me.get("departments")).extracting(JsonNode::asText).containsExactly(desk);
        assertThat(me.get("clientId").isNull()).as("staff have no client").isTrue();

        assertThat(change(staff, PASSWORD, PASSWORD, "staff-second").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        assertThat(me(staff, "staff-second").get("username").asText()).isEqualTo(staff);
    }

    /** Ten changes from the same current password at once: one wins; none is lost half-way or applied twice. */
    @Test
    void tenChangesAtOnceLeaveExactlyOneNewPassword() throws Exception {
        List<String> candidates = IntStream.range(0, 10).mapToObj(i -> "candidate-" + i + "-" + unique).toList();
        AtomicInteger next = new AtomicInteger();

        List<HttpStatus> answers = AtOnce.run(10, () -> (HttpStatus) change(client, PASSWORD, PASSWORD,
                candidates.get(next.getAndIncrement())).getStatusCode());

        assertThat(answers).filteredOn(HttpStatus.NO_CONTENT::equals).hasSize(1);
        assertThat(answers).filteredOn(a -> a != HttpStatus.NO_CONTENT)
                .as("the losers met the winner's row (409), its new password as the current one (400), logged in"
                        + " after it had changed (401), or came after five such wrong current passwords (429)")
                .allMatch(a -> a == HttpStatus.CONFLICT || a == HttpStatus.BAD_REQUEST
                        || a == HttpStatus.UNAUTHORIZED || a == HttpStatus.TOO_MANY_REQUESTS);
        // not by logging in: the losers' refused logins hold the user's next login back for a while
        assertThat(candidates).filteredOn(candidate -> ownPassword.isPasswordOf(client, candidate)).hasSize(1);
        assertThat(ownPassword.isPasswordOf(client, PASSWORD)).isFalse();
    }

    private ResponseEntity<String> change(String login, String loginPassword, String current, String newPassword) {
        return http.withBasicAuth(login, loginPassword).exchange("/api/v1/me/password", HttpMethod.PUT,
                new HttpEntity<>(Map.of("currentPassword", current, "newPassword", newPassword)), String.class);
    }

    private JsonNode me(String login, String password) throws Exception {
        ResponseEntity<String> answer = http.withBasicAuth(login, password).getForEntity("/api/v1/me", String.class);
        assertThat(answer.getStatusCode()).as("GET /api/v1/me as " + login).isEqualTo(HttpStatus.OK);
        return json.readTree(answer.getBody());
    }

    private List<String> fields(ResponseEntity<String> answer) throws Exception {
        return json.readTree(answer.getBody()).path("errors").findValuesAsText("field");
    }
}
