package com.hostflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.billing.BillingTestData.TestClient;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;
import com.hostflow.support.WhileHolding;

/** An admin's credit by hand: money to the balance, audited, once per key, waking what waits for money. */
@IntegrationTest
class ManualCreditApiTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    ManualCredits manualCredits;

    @Autowired
    PlatformTransactionManager transactions;

    @LocalServerPort
    int port;

    BillingTestData data;
    TestClient client;

    @BeforeEach
    void setUp() {
        data = new BillingTestData(http, context);
        client = data.client(data.provider("EUR"));
    }

    @Test
    void anAdminsCreditIsAnAuditedAdjustmentTheClientReads() {
        data.pay(client, "10.00");

        ResponseEntity<JsonNode> given = give(client.id(), credit("5.25", "Compensation for the outage"), null);

        assertThat(given.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        long id = given.getBody().get("id").asLong();
        assertThat(given.getHeaders().getLocation()).hasScheme("http").hasPath("/api/v1/clients/" + client.id() + "/credits/" + id);
        assertThat(given.getBody().get("kind").asText()).isEqualTo("ADJUSTMENT");
        assertThat(given.getBody().get("amount").asText()).isEqualTo("5.25");
        assertThat(data.balance(client)).isEqualTo("15.25");
        JsonNode read = data.as(client).getForObject("/api/v1/clients/" + client.id() + "/credits/" + id,
                JsonNode.class);
        assertThat(read.get("description").asText()).isEqualTo("Compensation for the outage");
        assertThat(data.as(client).getForObject("/api/v1/clients/" + client.id() + "/credits", JsonNode.class)
                .findValuesAsText("id")).containsExactly(Long.toString(id));
        assertThat(jdbc.queryForObject("select count(*) from hostflow.audit_entry where entity = 'credit'"
                + " and entity_id = ? and action = 'CREATE'", Long.class, Long.toString(id))).isOne();

        assertThat(give(client.id(), credit("5.25", "No key: another credit"), null).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        assertThat(data.balance(client)).isEqualTo("20.50");
    }

    @Test
    void theSameCreditSentAgainUnderItsKeyCreditsOnceAndAnotherUnderTheKeyIs409() throws Exception {
        String key = "goodwill-" + System.nanoTime();

        List<ResponseEntity<JsonNode>> answers = AtOnce.run(8, () -> give(client.id(), credit("3.00", "Goodwill"),
                key));

        assertThat(answers).extracting(ResponseEntity::getStatusCode).containsOnly(HttpStatus.CREATED, HttpStatus.OK)
                .filteredOn(HttpStatus.CREATED::equals).hasSize(1);
        assertThat(answers).extracting(answer -> answer.getBody().get("id").asLong()).containsOnly(
                answers.get(0).getBody().get("id").asLong());
        assertThat(data.balance(client)).isEqualTo("3.00");
        ResponseEntity<JsonNode> other = give(client.id(), credit("4.00", "Goodwill"), key);
        assertThat(other.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(data.balance(client)).isEqualTo("3.00");
    }

    /**
     * A key names one credit, at one provider: the same amount and text for another provider is another credit (409).
     * It answered 200 with the first credit (another account, another currency) and credited nothing there; sent
     * while the first was in its transaction, the two did not wait for each other (each locks its own account) and
     * the second was a bare 409 "conflicts with existing data".
     */
    @Test
    void theSameKeyForAnotherProvidersAccountIs409AlsoWhileTheFirstIsInItsTransaction() throws Exception {
        long otherProvider = data.provider("USD");
        String key = "goodwill-" + System.nanoTime();
        assertThat(give(client.id(), credit("3.00", "Goodwill"), key).getStatusCode()).isEqualTo(HttpStatus.CREATED);

        ResponseEntity<JsonNode> elsewhere = give(client.id(), credit("3.00", "Goodwill", otherProvider), key);

        assertThat(elsewhere.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(elsewhere.getBody().get("detail").asText()).contains("used for another credit");
        assertThat(balance(client, otherProvider)).isEqualTo("0.00");

        // the other provider's request while the first is in its transaction: it waits for the key, then sees it
        String held = "goodwill-held-" + System.nanoTime();
        ResponseEntity<JsonNode> meanwhile = new WhileHolding(transactions, jdbc).run(
                () -> asAdmin(() -> manualCredits.give(client.id(), null, new java.math.BigDecimal("1.00"), "Held",
                        held)),
                () -> give(client.id(), credit("1.00", "Held", otherProvider), held));

        assertThat(meanwhile.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(meanwhile.getBody().get("detail").asText()).contains("used for another credit");
        assertThat(data.balance(client)).isEqualTo("4.00");
        assertThat(balance(client, otherProvider)).isEqualTo("0.00");
    }

    /**
     * A key recorded before keys were the caller's (caller '') is still anyone's of the client until it expires: a
     * retry sent across the upgrade finds its first request, whoever sent it.
     */
    @Test
    void aKeyRecordedBeforeKeysWereTheCallersIsStillSeenByEveryCallerOfTheClient() {
        String key = "before-upgrade-" + System.nanoTime();
        jdbc.update("insert into hostflow.request_key (client_id, idempotency_key, kind, fingerprint, result_id,"
                + " created_at) values (?, ?, 'order', 'f', 1, ?)", client.id(), key,
                java.sql.Timestamp.from(context.getBean(java.time.Clock.class).instant()));

        ResponseEntity<JsonNode> credit = give(client.id(), credit("1.00", "After the upgrade"), key);

        assertThat(credit.getStatusCode()).as("%s", credit.getBody()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(credit.getBody().get("detail").asText()).contains("used for an order request");
        assertThat(data.balance(client)).isEqualTo("0.00");
    }

    @Test
    void badCreditsAreRefusedNamingTheFieldAndClientsGiveNone() {
        Map<String, Object> noDescription = new HashMap<>(credit("1.00", "x"));
        noDescription.remove("description");
        assertThat(fields(give(client.id(), noDescription, null))).containsExactly("description");
        assertThat(fields(give(client.id(), credit("0.00", "zero"), null))).containsExactly("amount");
        assertThat(fields(give(client.id(), credit("1.005", "three decimals"), null))).containsExactly("amount");
        assertThat(fields(give(client.id(), credit("-1.00", "negative"), null))).containsExactly("amount");
        assertThat(fields(give(client.id(), credit("1.00", "bad key"), "a key"))).containsExactly("Idempotency-Key");
        assertThat(give(999_999_999L, credit("1.00", "nobody"), null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(give(999_999_999L, credit("1.00", "nobody", client.providerId()), null).getStatusCode())
                .as("with the provider given").isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(data.balance(client)).isEqualTo("0.00");

        ResponseEntity<JsonNode> byClient = data.as(client).exchange("/api/v1/clients/" + client.id() + "/credits",
                HttpMethod.POST, new HttpEntity<>(credit("100.00", "to myself")), JsonNode.class);
        assertThat(byClient.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(data.balance(client)).isEqualTo("0.00");

        long given = give(client.id(), credit("1.00", "mine"), null).getBody().get("id").asLong();
        TestClient other = data.client(client.providerId());
        assertThat(data.as(other).getForEntity("/api/v1/clients/" + client.id() + "/credits/" + given,
                JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(data.admin().getForEntity("/api/v1/clients/" + other.id() + "/credits/" + given,
                JsonNode.class).getStatusCode()).as("another client's credit").isEqualTo(HttpStatus.NOT_FOUND);

        // what the balance cannot hold (numeric(19,2)) was 400 naming "body"
        assertThat(give(client.id(), credit("99999999999999998.99", "most"), null).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        assertThat(fields(give(client.id(), credit("0.01", "past"), null))).containsExactly("amount");
        assertThat(data.balance(client)).isEqualTo("99999999999999999.99");
    }

    /** Like a payment, the credit pays an order that waits for money, and the VPS opens. */
    @Test
    void aCreditPaysAnOrderThatWaitsForMoney() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        SimulatedVps.Client customer = vps.client("credited", 0);
        long serviceId = vps.order(customer);
        assertThat(vps.admin().getForObject("/api/v1/services/" + serviceId, JsonNode.class).get("status").asText())
                .isEqualTo("ORDERED");

        assertThat(give(customer.id(), credit("10.00", "Welcome credit"), null).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);

        vps.awaitService(serviceId, service -> "ACTIVE".equals(service.get("status").asText()));
        assertThat(vps.admin().getForObject("/api/v1/clients/" + customer.id() + "/account", JsonNode.class)
                .get("balance").asText()).isEqualTo("0.00");
    }

    /** A credit given on a thread of the test, as the admin whose requests it meets: a key is the caller's own. */
    private static void asAdmin(Runnable action) {
        SecurityContextHolder.getContext().setAuthentication(
                new UsernamePasswordAuthenticationToken("demo", null, List.of()));
        try {
            action.run();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private ResponseEntity<JsonNode> give(long clientId, Map<String, Object> body, String key) {
        HttpHeaders headers = new HttpHeaders();
        if (key != null) {
            headers.set("Idempotency-Key", key);
        }
        return data.admin().exchange("/api/v1/clients/" + clientId + "/credits", HttpMethod.POST,
                new HttpEntity<>(body, headers), JsonNode.class);
    }

    private static Map<String, Object> credit(String amount, String description) {
        return Map.of("amount", amount, "description", description);
    }

    private static Map<String, Object> credit(String amount, String description, long providerId) {
        return Map.of("amount", amount, "description", description, "providerId", providerId);
    }

    /** The balance at the provider; an account never credited is not there (404): nothing on it. */
    private String balance(TestClient client, long providerId) {
        ResponseEntity<JsonNode> account = data.admin().getForEntity("/api/v1/clients/" + client.id()
                + "/account?providerId=" + providerId, JsonNode.class);
        return account.getStatusCode() == HttpStatus.NOT_FOUND ? "0.00" : account.getBody().get("balance").asText();
    }

    private static List<String> fields(ResponseEntity<JsonNode> answer) {
        assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
        return answer.getBody().get("errors").findValuesAsText("field");
    }
}
