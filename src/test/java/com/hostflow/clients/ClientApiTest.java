package com.hostflow.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.billing.BillingTestData;
import com.hostflow.billing.BillingTestData.TestClient;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;

@IntegrationTest
class ClientApiTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    ApplicationContext context;

    @Autowired
    ClientAccess access;

    @Autowired
    IdentityService identity;

    BillingTestData data;
    long provider;

    @BeforeEach
    void setUp() {
        data = new BillingTestData(http, context);
        provider = data.provider("EUR");
    }

    private static Map<String, Object> body(String email, Object providerId, String password) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("name", "Jane Doe");
        body.put("phone", "+31200000001");
        body.put("providerId", providerId);
        if (password != null) {
            body.put("password", password);
        }
        return body;
    }

    @Test
    void anAdminCreatesAClientWithItsLoginAndAnEmptyAccountInTheProvidersCurrency() {
        long usd = data.provider("USD");
        String email = "jane-" + System.nanoTime() + "@example.com";

        ResponseEntity<JsonNode> created = data.admin().postForEntity("/api/v1/clients",
                body(email, usd, "jane-secret"), JsonNode.class);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        long id = created.getBody().get("id").asLong();
        assertThat(created.getHeaders().getLocation()).hasScheme("http").hasPath("/api/v1/clients/" + id);
        assertThat(created.getBody().get("email").asText()).isEqualTo(email);
        assertThat(created.getBody().get("loginEnabled").asBoolean()).isTrue();
        assertThat(created.getBody().has("password")).isFalse();

        JsonNode account = data.admin().getForObject("/api/v1/clients/" + id + "/account", JsonNode.class);
        assertThat(account.get("balance").asText()).isEqualTo("0.00");
        assertThat(account.get("currency").asText()).isEqualTo("USD");

        TestRestTemplate jane = http.withBasicAuth(email, "jane-secret");
        assertThat(jane.getForEntity("/api/v1/clients/" + id, JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(jane.getForEntity("/api/v1/clients/" + id + "/account", JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    /**
     * Clients are kept (a ledger with history): DELETE is 405, answered as a problem, and a client's mistake logs
     * no WARN (Spring's resolver logged one for every request with a method the address does not take).
     */
    @Test
    void aClientIsNotDeletedAndTheRefusalLogsNoWarning() {
        TestClient client = data.client(data.provider("EUR"));
        ch.qos.logback.classic.Logger resolver = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                "org.springframework.web.servlet.mvc.support.DefaultHandlerExceptionResolver");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        resolver.addAppender(logged);
        ResponseEntity<String> deleted;
        try {
            deleted = data.admin().exchange("/api/v1/clients/" + client.id(), HttpMethod.DELETE, null, String.class);
        } finally {
            resolver.detachAppender(logged);
        }

        assertThat(deleted.getStatusCode()).as(deleted.getBody()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(deleted.getHeaders().getContentType().toString()).contains("application/problem+json");
        assertThat(deleted.getHeaders().getAllow()).isNotEmpty();
        assertThat(logged.list).extracting(e -> e.getFormattedMessage()).isEmpty();
    }

    @Test
    void aClientWithoutPasswordCannotLogIn() {
        String email = "nologin-" + System.nanoTime() + "@example.com";
        ResponseEntity<JsonNode> created = data.admin().postForEntity("/api/v1/clients",
                body(email, provider, null), JsonNode.class);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody().get("loginEnabled").asBoolean()).isFalse();
        assertThat(http.withBasicAuth(email, "anything").getForEntity("/api/v1/clients", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aClientSeesOnlyItself() {
        TestClient alice = data.client(provider);
        TestClient bob = data.client(provider);

        assertThat(data.as(alice).getForEntity("/api/v1/clients/" + bob.id(), String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(data.as(alice).getForEntity("/api/v1/clients/" + bob.id() + "/account", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(data.as(alice).getForEntity("/api/v1/clients/" + bob.id() + "/expenses", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        JsonNode list = data.as(alice).getForObject("/api/v1/clients", JsonNode.class);
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asLong()).isEqualTo(alice.id());
        assertThat(data.as(alice).postForEntity("/api/v1/clients", body("x-" + System.nanoTime() + "@example.com",
                provider, null), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void badInputNamesEveryField() {
        ResponseEntity<JsonNode> missing = data.admin().postForEntity("/api/v1/clients", Map.of(), JsonNode.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(missing.getBody().get("errors").findValuesAsText("field"))
                .contains("name", "providerId");
        // a client may go without an e-mail (it gets no mails), but a login needs one
        ResponseEntity<JsonNode> loginWithoutEmail = data.admin().postForEntity("/api/v1/clients",
                body(null, provider, "a-password"), JsonNode.class);
        assertThat(loginWithoutEmail.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(loginWithoutEmail.getBody().get("errors").findValuesAsText("field")).containsExactly("email");
        ResponseEntity<JsonNode> badLanguage = data.admin().postForEntity("/api/v1/clients",
                Map.of("email", "lang-" + System.nanoTime() + "@example.com", "name", "L", "providerId", provider,
                        "language", "de"), JsonNode.class);
        assertThat(badLanguage.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badLanguage.getBody().get("errors").findValuesAsText("field")).containsExactly("language");
        ResponseEntity<JsonNode> noDomain = data.admin().postForEntity("/api/v1/clients",
                body("root@localhost", provider, null), JsonNode.class);
        assertThat(noDomain.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noDomain.getBody().get("errors").findValuesAsText("field")).containsExactly("email");

        ResponseEntity<JsonNode> bad = data.admin().postForEntity("/api/v1/clients",
                body("not-an-email", provider, "x"), JsonNode.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody().get("errors").findValuesAsText("field")).contains("email", "password");
        ResponseEntity<JsonNode> shortPassword = data.admin().postForEntity("/api/v1/clients",
                body("short+" + System.nanoTime() + "@example.com", provider, "7-chars"), JsonNode.class);
        assertThat(shortPassword.getStatusCode()).as("8 characters at least, as for every other login")
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(shortPassword.getBody().get("errors").findValuesAsText("field")).containsExactly("password");
        // 129 characters were refused as "at least 8 characters"
        ResponseEntity<JsonNode> longPassword = data.admin().postForEntity("/api/v1/clients",
                body("long+" + System.nanoTime() + "@example.com", provider, "p".repeat(129)), JsonNode.class);
        assertThat(longPassword.getBody().get("errors").findValuesAsText("message"))
                .containsExactly("8 to 128 characters");

        ResponseEntity<JsonNode> notALoginId = data.admin().postForEntity("/api/v1/clients",
                body("jane+" + System.nanoTime() + "@example.com", provider, "jane-secret"), JsonNode.class);
        assertThat(notALoginId.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(notALoginId.getBody().get("errors").findValuesAsText("field")).containsExactly("email");

        ResponseEntity<JsonNode> unknownProvider = data.admin().postForEntity("/api/v1/clients",
                body("p-" + System.nanoTime() + "@example.com", 987654321L, null), JsonNode.class);
        assertThat(unknownProvider.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknownProvider.getBody().get("errors").findValuesAsText("field")).containsExactly("providerId");
    }

    @Test
    void emailsAreUniqueAndTheProviderCannotChange() {
        TestClient client = data.client(provider);

        assertThat(data.admin().postForEntity("/api/v1/clients", body(client.email(), provider, null), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        long other = data.provider("EUR");
        assertThat(data.admin().exchange("/api/v1/clients/" + client.id(), HttpMethod.PUT,
                new HttpEntity<>(body(client.email(), other, null)), String.class).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void tenCreatesOfOneEmailAtOnceMakeOneClientWithOneLogin() throws Exception {
        String email = "race-" + System.nanoTime() + "@example.com";

        List<HttpStatus> answers = AtOnce.run(10, () -> (HttpStatus) data.admin().postForEntity("/api/v1/clients",
                body(email, provider, "race-password"), String.class).getStatusCode());

        assertThat(answers).filteredOn(HttpStatus.CREATED::equals).hasSize(1);
        assertThat(answers).filteredOn(HttpStatus.CONFLICT::equals).hasSize(9);
        assertThat(identity.createUserQuery().userId(email).count()).isEqualTo(1);
        assertThat(identity.checkPassword(email, "race-password")).isTrue();
    }

    @Test
    void aTakenLoginRefusesTheWholeClient() {
        String email = "taken-" + System.nanoTime() + "@example.com";
        User user = identity.newUser(email);
        user.setPassword("staff-password");
        identity.saveUser(user);

        assertThat(data.admin().postForEntity("/api/v1/clients", body(email, provider, "client-password"),
                String.class).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

        // nothing of the refused client was kept: the same email is free for a client without a login
        assertThat(data.admin().postForEntity("/api/v1/clients", body(email, provider, null), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void anAdminChangesAClientAndResetsItsPassword() {
        TestClient client = data.client(provider);
        // the API's login cache holds the old password now
        assertThat(http.withBasicAuth(client.email(), client.password()).getForEntity("/api/v1/clients/"
                + client.id(), String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Object> change = body(client.email(), provider, "new-password");
        change.put("name", "Renamed");

        ResponseEntity<JsonNode> updated = data.admin().exchange("/api/v1/clients/" + client.id(), HttpMethod.PUT,
                new HttpEntity<>(change), JsonNode.class);

        assertThat(updated.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(updated.getBody().get("name").asText()).isEqualTo("Renamed");
        assertThat(http.withBasicAuth(client.email(), "new-password").getForEntity("/api/v1/clients/" + client.id(),
                String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.withBasicAuth(client.email(), client.password()).getForEntity("/api/v1/clients/"
                + client.id(), String.class).getStatusCode()).as("the old password, at once").isEqualTo(
                        HttpStatus.UNAUTHORIZED);
    }

    @Test
    void unknownClientsAre404() {
        assertThat(data.admin().getForEntity("/api/v1/clients/987654321", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(data.admin().getForEntity("/api/v1/clients/987654321/account", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void adminsAreNoClient() {
        assertThat(access.currentClientId()).isEmpty();
    }
}
