package com.hostflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.billing.BillingTestData.TestClient;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;

@IntegrationTest
class PaymentApiTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    ApplicationContext context;

    @Autowired
    PaymentEventsRecorder events;

    @Autowired
    JdbcTemplate jdbc;

    BillingTestData data;
    TestClient client;

    @BeforeEach
    void setUp() {
        data = new BillingTestData(http, context);
        client = data.client(data.provider("EUR"));
    }

    private static Map<String, Object> payment(Object clientId, Object amount, String externalId) {
        Map<String, Object> body = new HashMap<>();
        body.put("clientId", clientId);
        body.put("amount", amount);
        body.put("externalId", externalId);
        return body;
    }

    @Test
    void aPaymentSentTwiceIsCreditedOnce() {
        String externalId = "bank-" + System.nanoTime();

        ResponseEntity<JsonNode> first = data.admin().postForEntity("/api/v1/payments",
                payment(client.id(), "25.00", externalId), JsonNode.class);
        ResponseEntity<JsonNode> second = data.admin().postForEntity("/api/v1/payments",
                payment(client.id(), "25.00", externalId), JsonNode.class);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        long id = first.getBody().get("id").asLong();
        assertThat(first.getHeaders().getLocation()).hasScheme("http").hasPath("/api/v1/payments/" + id);
        assertThat(first.getBody().get("amount").asText()).isEqualTo("25.00");
        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(second.getBody().get("id").asLong()).isEqualTo(id);
        assertThat(data.balance(client)).isEqualTo("25.00");
        assertThat(events.received).filteredOn(e -> e.clientId() == client.id())
                .containsExactly(new PaymentReceived(client.id(), client.providerId(), id,
                        new java.math.BigDecimal("25.00")));
    }

    @Test
    void aClientReadsThePaymentsRecordedForIt() {
        ResponseEntity<JsonNode> paid = data.admin().postForEntity("/api/v1/payments",
                payment(client.id(), 12.5, "card-" + System.nanoTime()), JsonNode.class);

        assertThat(paid.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(data.balance(client)).isEqualTo("12.50");
        long id = paid.getBody().get("id").asLong();
        assertThat(data.as(client).getForObject("/api/v1/payments/" + id, JsonNode.class).get("amount").asText())
                .isEqualTo("12.50");
        JsonNode own = data.as(client).getForObject("/api/v1/payments", JsonNode.class);
        assertThat(own).hasSize(1);
        JsonNode byAdmin = data.admin().getForObject("/api/v1/payments?clientId=" + client.id(), JsonNode.class);
        assertThat(byAdmin.findValuesAsText("id")).containsExactly(String.valueOf(id));
    }

    @Test
    void aListWithoutPagingParametersHoldsAllOfAClientsPaymentsUpToTheLargestPage() {
        // a reader who sums a client's payments without asking for pages got the newest 50 only
        for (int n = 0; n < 60; n++) {
            data.pay(client, "1.00");
        }

        JsonNode all = data.admin().getForObject("/api/v1/payments?clientId=" + client.id(), JsonNode.class);
        JsonNode firstTen = data.admin().getForObject("/api/v1/payments?clientId=" + client.id() + "&size=10",
                JsonNode.class);

        assertThat(all).hasSize(60);
        assertThat(firstTen).hasSize(10);
        assertThat(data.balance(client)).isEqualTo("60.00");
    }

    @Test
    void aClientRecordsNoPaymentAndReadsNoOtherClientsPayments() {
        TestClient other = data.client(client.providerId());
        data.pay(other, "5.00");

        assertThat(data.as(client).postForEntity("/api/v1/payments",
                payment(client.id(), "10.00", "x-" + System.nanoTime()), String.class).getStatusCode())
                .as("a client crediting itself").isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(data.as(client).postForEntity("/api/v1/payments",
                payment(other.id(), "10.00", "y-" + System.nanoTime()), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(data.as(client).getForEntity("/api/v1/payments?clientId=" + other.id(), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        long othersPayment = data.admin().getForObject("/api/v1/payments?clientId=" + other.id(), JsonNode.class)
                .get(0).get("id").asLong();
        assertThat(data.as(client).getForEntity("/api/v1/payments/" + othersPayment, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(data.balance(other)).isEqualTo("5.00");
        assertThat(data.balance(client)).isEqualTo("0.00");
    }

    @Test
    void badAmountsAndMissingFieldsAre400() {
        for (Object amount : new Object[] {"0.00", "-5.00", "1.001", "abc"}) {
            ResponseEntity<JsonNode> bad = data.admin().postForEntity("/api/v1/payments",
                    payment(client.id(), amount, "bad-" + System.nanoTime()), JsonNode.class);
            assertThat(bad.getStatusCode()).as("amount %s", amount).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(bad.getBody().get("errors").findValuesAsText("field")).containsExactly("amount");
        }
        ResponseEntity<JsonNode> missing = data.admin().postForEntity("/api/v1/payments", Map.of(), JsonNode.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(missing.getBody().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("clientId", "amount", "externalId");
        assertThat(data.balance(client)).isEqualTo("0.00");
        // what the balance could not hold was 400 naming "body" (numeric(19,2) overflowed at the write)
        assertThat(data.admin().postForEntity("/api/v1/payments", payment(client.id(), "99999999999999999.99",
                "most-" + System.nanoTime()), JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        ResponseEntity<JsonNode> past = data.admin().postForEntity("/api/v1/payments",
                payment(client.id(), "0.01", "past-" + System.nanoTime()), JsonNode.class);
        assertThat(past.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(past.getBody().get("errors").findValuesAsText("field")).containsExactly("amount");
        assertThat(data.balance(client)).isEqualTo("99999999999999999.99");
    }

    @Test
    void unknownClientsAndPaymentsAre404() {
        assertThat(data.admin().postForEntity("/api/v1/payments", payment(987654321L, "1.00", "u-" + System.nanoTime()),
                String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(data.admin().getForEntity("/api/v1/payments/987654321", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    /**
     * The same externalId with another amount is not the same payment sent again: 409, nothing credited. It was
     * answered 200 with the first payment, so whoever sent 100.00 read a success and the money never came.
     */
    @Test
    void anExternalIdSentAgainWithAnotherAmountIsAConflict() {
        String externalId = "corrected-" + System.nanoTime();
        data.admin().postForEntity("/api/v1/payments", payment(client.id(), "10.00", externalId), String.class);

        ResponseEntity<JsonNode> other = data.admin().postForEntity("/api/v1/payments",
                payment(client.id(), "100.00", externalId), JsonNode.class);

        assertThat(other.getStatusCode()).as("%s", other.getBody()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(other.getBody().get("detail").asText()).contains(externalId, "10.00", "100.00");
        assertThat(data.balance(client)).isEqualTo("10.00");
        assertThat(data.admin().postForEntity("/api/v1/payments", payment(client.id(), "10", externalId),
                String.class).getStatusCode()).as("10 is 10.00: the same payment").isEqualTo(HttpStatus.OK);
        assertThat(data.balance(client)).isEqualTo("10.00");
    }

    /**
     * The same externalId for the client's account at another provider is another payment, not this one sent
     * again: 409, nothing credited, no account opened. It was answered 200 with the first payment, so whoever sent
     * money for the USD account read a success and it never came (an admin's credit under one key for another
     * provider's account is 409 already).
     */
    @Test
    void anExternalIdSentAgainForAnotherProvidersAccountIsAConflict() {
        long otherProvider = data.provider("USD");
        String externalId = "elsewhere-" + System.nanoTime();
        data.admin().postForEntity("/api/v1/payments", payment(client.id(), "10.00", externalId), String.class);

        Map<String, Object> elsewhere = payment(client.id(), "10.00", externalId);
        elsewhere.put("providerId", otherProvider);
        ResponseEntity<JsonNode> other = data.admin().postForEntity("/api/v1/payments", elsewhere, JsonNode.class);

        assertThat(other.getStatusCode()).as("%s", other.getBody()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(other.getBody().get("detail").asText()).contains(externalId, "provider " + client.providerId(),
                "provider " + otherProvider);
        assertThat(data.balance(client)).isEqualTo("10.00");
        assertThat(data.admin().getForEntity("/api/v1/clients/" + client.id() + "/account?providerId="
                + otherProvider, String.class).getStatusCode()).as("no account opened").isEqualTo(HttpStatus.NOT_FOUND);
        Map<String, Object> ownProviderNamed = payment(client.id(), "10.00", externalId);
        ownProviderNamed.put("providerId", client.providerId());
        assertThat(data.admin().postForEntity("/api/v1/payments", ownProviderNamed, String.class).getStatusCode())
                .as("its own provider named: the same payment").isEqualTo(HttpStatus.OK);
        assertThat(data.balance(client)).isEqualTo("10.00");
    }

    /**
     * A payment into the client's account at another provider is in that account's currency: each payment says its
     * currency and provider, in its answer and in the lists. The answers said an amount alone, so a client's list
     * held "10.00" in USD beside its EUR payments and its EUR balance.
     */
    @Test
    void eachPaymentSaysTheCurrencyAndProviderOfTheAccountItCredited() {
        long usdProvider = data.provider("USD");
        Map<String, Object> usd = payment(client.id(), "10.00", "usd-" + System.nanoTime());
        usd.put("providerId", usdProvider);
        ResponseEntity<JsonNode> dollars = data.admin().postForEntity("/api/v1/payments", usd, JsonNode.class);
        ResponseEntity<JsonNode> euros = data.admin().postForEntity("/api/v1/payments",
                payment(client.id(), "25.00", "eur-" + System.nanoTime()), JsonNode.class);
        ResponseEntity<JsonNode> again = data.admin().postForEntity("/api/v1/payments", usd, JsonNode.class);

        assertThat(dollars.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(dollars.getBody().get("currency").asText()).isEqualTo("USD");
        assertThat(dollars.getBody().get("providerId").asLong()).isEqualTo(usdProvider);
        assertThat(euros.getBody().get("currency").asText()).isEqualTo("EUR");
        assertThat(euros.getBody().get("providerId").asLong()).isEqualTo(client.providerId());
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().get("currency").asText()).as("sent again").isEqualTo("USD");
        long id = dollars.getBody().get("id").asLong();
        assertThat(data.as(client).getForObject("/api/v1/payments/" + id, JsonNode.class).get("currency").asText())
                .isEqualTo("USD");
        JsonNode own = data.as(client).getForObject("/api/v1/payments", JsonNode.class);
        assertThat(own.findValuesAsText("currency")).as("newest first").containsExactly("EUR", "USD");
        assertThat(own.findValuesAsText("providerId")).containsExactly(String.valueOf(client.providerId()),
                String.valueOf(usdProvider));
    }

    @Test
    void anExternalIdOfAnotherClientIsAConflict() {
        TestClient other = data.client(client.providerId());
        String externalId = "shared-" + System.nanoTime();
        data.admin().postForEntity("/api/v1/payments", payment(client.id(), "1.00", externalId), String.class);

        assertThat(data.admin().postForEntity("/api/v1/payments", payment(other.id(), "1.00", externalId),
                String.class).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(data.balance(other)).isEqualTo("0.00");
    }

    /**
     * A gateway's retry of {@code bank-42} with a stray blank was a second payment and credited twice. A reference is
     * an opaque token: blanks at its ends and control or invisible characters are refused (400 naming it), not
     * trimmed, since trimming could merge two distinct references.
     */
    @ParameterizedTest
    @ValueSource(strings = {" {id}", "{id} ", "{id}\t", "\t{id}", "{id}\n", "\u00a0{id}", "{id}\u3000",
            "bank\u007f{id}", "bank\u0085{id}", "bank\u200b{id}", "bank\u202e{id}", "bank\u2028{id}",
            "\ufeff{id}"})
    void anExternalIdWithBlanksAtItsEndsOrControlCharactersIs400(String pattern) {
        String id = "bank-" + System.nanoTime();
        assertThat(data.admin().postForEntity("/api/v1/payments", payment(client.id(), "5.00", id), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);

        ResponseEntity<JsonNode> retried = data.admin().postForEntity("/api/v1/payments",
                payment(client.id(), "5.00", pattern.replace("{id}", id)), JsonNode.class);

        assertThat(retried.getStatusCode()).as("%s", retried.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(retried.getBody().get("errors").findValuesAsText("field")).containsExactly("externalId");
        assertThat(data.balance(client)).isEqualTo("5.00");
    }

    @Test
    void anExternalIdIsOneTo100CharactersAndMayHoldBlanksInside() {
        String stamp = String.valueOf(System.nanoTime());
        for (String bad : new String[] {"", "   ", stamp + "x".repeat(101 - stamp.length())}) {
            ResponseEntity<JsonNode> refused = data.admin().postForEntity("/api/v1/payments",
                    payment(client.id(), "1.00", bad), JsonNode.class);
            assertThat(refused.getStatusCode()).as("'%s'", bad).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getBody().get("errors").findValuesAsText("field")).containsExactly("externalId");
        }
        for (String good : new String[] {stamp + "x".repeat(100 - stamp.length()), "SEPA " + stamp + " 1",
                "Überweisung-" + stamp}) {
            assertThat(data.admin().postForEntity("/api/v1/payments", payment(client.id(), "1.00", good),
                    String.class).getStatusCode()).as("'%s'", good).isEqualTo(HttpStatus.CREATED);
        }
        assertThat(data.balance(client)).isEqualTo("3.00");
    }

    /**
     * A payment takes an {@code Idempotency-Key} header as every other create does: sent again under the key it
     * answers 200 with the first payment and its {@code Location} and credits nothing; another payment under the key
     * is 409 and credits nothing; a malformed key is 400 naming the header; keys are the caller's own. The header
     * was ignored: another payment under a used key was credited (201).
     */
    @Test
    void aPaymentSentAgainUnderItsIdempotencyKeyIsTheFirstAndAnotherUnderTheKeyIsA409() {
        String key = "pay-" + System.nanoTime();
        Map<String, Object> body = payment(client.id(), "25.00", "keyed-" + key);

        ResponseEntity<JsonNode> first = pay("demo", body, key);
        ResponseEntity<JsonNode> again = pay("demo", body, key);
        ResponseEntity<JsonNode> another = pay("demo", payment(client.id(), "25.00", "keyed-other-" + key), key);

        assertThat(first.getStatusCode()).as("%s", first.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(again.getStatusCode()).as("%s", again.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody()).isEqualTo(first.getBody());
        assertThat(again.getHeaders().getLocation()).isNotNull().isEqualTo(first.getHeaders().getLocation());
        assertThat(another.getStatusCode()).as("%s", another.getBody()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(another.getBody().get("detail").asText()).contains("Idempotency-Key " + key,
                "another payment request");
        assertExactBalance(client, "25.00");

        for (String malformed : List.of("k".repeat(101), " ", "a b")) {
            ResponseEntity<JsonNode> refused = pay("demo", payment(client.id(), "1.00", "bad-key-" + key),
                    malformed);
            assertThat(refused.getStatusCode()).as("'%s': %s", malformed, refused.getBody())
                    .isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getBody().get("errors").findValuesAsText("field")).containsExactly("Idempotency-Key");
        }
        assertExactBalance(client, "25.00");

        // another admin's request under the same key is its own: credited once, and once only under its key
        String otherAdmin = "pay-admin-" + System.nanoTime();
        assertThat(data.admin().postForEntity("/api/v1/users", Map.of("username", otherAdmin, "password",
                "admin-pass-" + otherAdmin, "roles", List.of("ADMIN")), String.class).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        Map<String, Object> theirs = payment(client.id(), "0.10", "theirs-" + key);
        assertThat(pay(otherAdmin, theirs, key).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(pay(otherAdmin, theirs, key).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertExactBalance(client, "25.10");
    }

    /**
     * Both keys at once: the header's is checked first (its earlier request answers, another request under it is
     * 409, whatever the externalId), then the externalId as before: under a new header key a known externalId still
     * answers its payment (200) or 409 for another amount, crediting nothing.
     */
    @Test
    void withAHeaderKeyAndAnExternalIdTheHeaderIsCheckedFirstThenTheExternalIdAsBefore() {
        String stamp = String.valueOf(System.nanoTime());
        Map<String, Object> body = payment(client.id(), "7.00", "both-" + stamp);
        ResponseEntity<JsonNode> first = pay("demo", body, "both-key-" + stamp);

        ResponseEntity<JsonNode> newKeyKnownId = pay("demo", body, "both-key-2-" + stamp);
        ResponseEntity<JsonNode> newKeyKnownIdOtherAmount = pay("demo", payment(client.id(), "8.00", "both-" + stamp),
                "both-key-3-" + stamp);
        ResponseEntity<JsonNode> noKey = pay("demo", body, null);
        ResponseEntity<JsonNode> usedKeyOtherAmount = pay("demo", payment(client.id(), "8.00", "both-" + stamp),
                "both-key-" + stamp);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        for (ResponseEntity<JsonNode> same : List.of(newKeyKnownId, noKey)) {
            assertThat(same.getStatusCode()).as("%s", same.getBody()).isEqualTo(HttpStatus.OK);
            assertThat(same.getBody()).isEqualTo(first.getBody());
            assertThat(same.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        }
        assertThat(newKeyKnownIdOtherAmount.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(newKeyKnownIdOtherAmount.getBody().get("detail").asText()).contains("both-" + stamp, "7.00",
                "8.00");
        assertThat(usedKeyOtherAmount.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(usedKeyOtherAmount.getBody().get("detail").asText()).contains("Idempotency-Key both-key-" + stamp);
        assertExactBalance(client, "7.00");
    }

    /**
     * Eight payments at once under one key: the same body four times, four others with their own externalIds. One
     * is credited (201); the others with its body answer 200 with it, the rest 409; exactly one credit, and the
     * balance is the ledger's. The header was ignored: each other externalId was credited too.
     */
    @Test
    void eightPaymentsAtOnceUnderOneKeyCreditOnce() throws Exception {
        String key = "at-once-" + System.nanoTime();
        List<Map<String, Object>> bodies = new ArrayList<>();
        List<Callable<ResponseEntity<JsonNode>>> requests = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            Map<String, Object> body = payment(client.id(), "12.34", key + (n % 2 == 0 ? "" : "-" + n));
            bodies.add(body);
            requests.add(() -> pay("demo", body, key));
        }

        List<ResponseEntity<JsonNode>> answers = AtOnce.all(requests);

        List<Integer> created = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            if (answers.get(n).getStatusCode() == HttpStatus.CREATED) {
                created.add(n);
            }
        }
        assertThat(created).as("the 201s of %s", answers.stream().map(answer -> answer.getStatusCode().value())
                .toList()).hasSize(1);
        ResponseEntity<JsonNode> credited = answers.get(created.get(0));
        for (int n = 0; n < 8; n++) {
            ResponseEntity<JsonNode> answer = answers.get(n);
            if (n == created.get(0)) {
                continue;
            }
            if (bodies.get(n).equals(bodies.get(created.get(0)))) {
                assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.OK);
                assertThat(answer.getBody()).isEqualTo(credited.getBody());
                assertThat(answer.getHeaders().getLocation()).isEqualTo(credited.getHeaders().getLocation());
            } else {
                assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.CONFLICT);
            }
        }
        assertThat(jdbc.queryForObject("select count(*) from hostflow.payment where client_id = ?", Long.class,
                client.id())).isEqualTo(1);
        assertExactBalance(client, "12.34");
    }

    private ResponseEntity<JsonNode> pay(String login, Map<String, Object> body, String key) {
        HttpHeaders headers = new HttpHeaders();
        if (key != null) {
            headers.set("Idempotency-Key", key);
        }
        String password = login.equals("demo") ? "demo" : "admin-pass-" + login;
        return http.withBasicAuth(login, password).exchange("/api/v1/payments", HttpMethod.POST,
                new HttpEntity<>(body, headers), JsonNode.class);
    }

    /** The account's balance is exactly {@code expected} (its scale too), and so is the ledger's sum of its rows. */
    private void assertExactBalance(TestClient owner, String expected) {
        assertThat(new BigDecimal(data.balance(owner))).isEqualTo(new BigDecimal(expected));
        assertThat(AccountConcurrencyTest.ledgerSum(jdbc, owner.id())).isEqualByComparingTo(expected);
    }
}
