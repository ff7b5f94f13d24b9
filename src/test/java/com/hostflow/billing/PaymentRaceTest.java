package com.hostflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.billing.BillingTestData.TestClient;
import com.hostflow.catalog.ProviderForm;
import com.hostflow.catalog.ProviderService;
import com.hostflow.common.web.IfMatch;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.WhileHolding;

/**
 * Two payments of one {@code externalId} at once on two accounts (two clients, or one client's accounts at two
 * providers) took two account locks, both found no payment of the id, and the later one met the unique key: 409 "the
 * change conflicts with existing data", where one sent after the first answers "belongs to another client", or
 * (the same client's) that it was received already into the account at another provider. Each test holds the first
 * payment's transaction open until the second request waits on a lock, then commits it.
 */
@IntegrationTest
class PaymentRaceTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    ApplicationContext context;
    @Autowired
    PaymentService payments;
    @Autowired
    ProviderService providers;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    BillingTestData data;
    TestClient client;
    final String externalId = "race-" + UUID.randomUUID();

    @BeforeEach
    void setUp() {
        data = new BillingTestData(http, context);
        client = data.client(data.provider("EUR"));
    }

    @Test
    void anotherClientsPaymentOfTheSameExternalIdAtOnceIsToldItBelongsToAnotherClient() throws Exception {
        TestClient other = data.client(client.providerId());

        ResponseEntity<String> second = new WhileHolding(transactions, jdbc).run(
                () -> payments.receive(client.id(), client.providerId(), new BigDecimal("1.00"), externalId),
                () -> data.admin().postForEntity("/api/v1/payments",
                        Map.of("clientId", other.id(), "amount", "2.00", "externalId", externalId), String.class));

        assertThat(second.getStatusCode().value()).as(second.getBody()).isEqualTo(409);
        assertThat(second.getBody()).contains("payment " + externalId + " belongs to another client")
                .doesNotContain("existing data");
        assertThat(data.balance(other)).isEqualTo("0.00");
    }

    /**
     * The same client's payment of the id into its account at another provider is another payment (409, as one
     * sent after the first is), not the first sent again: it answered 200 with the first payment, whose money went
     * to the other account.
     */
    @Test
    void theSameClientsPaymentOfTheSameExternalIdAtOnceAtAnotherProviderIsAConflict() throws Exception {
        long otherProvider = data.provider("EUR");

        ResponseEntity<JsonNode> second = new WhileHolding(transactions, jdbc).run(
                () -> payments.receive(client.id(), client.providerId(), new BigDecimal("1.00"), externalId),
                () -> data.admin().postForEntity("/api/v1/payments", Map.of("clientId", client.id(), "providerId",
                        otherProvider, "amount", "1.00", "externalId", externalId), JsonNode.class));

        assertThat(second.getStatusCode().value()).as(String.valueOf(second.getBody())).isEqualTo(409);
        assertThat(second.getBody().get("detail").asText()).contains(externalId, "provider " + otherProvider)
                .doesNotContain("existing data");
        assertThat(data.balance(client)).isEqualTo("1.00");
        assertThat(data.admin().getForEntity("/api/v1/clients/" + client.id() + "/account?providerId="
                + otherProvider, String.class).getStatusCode().value()).as("no account opened").isEqualTo(404);
    }

    /**
     * A provider's currency changed while the first payment opens an account at it (for a client of another
     * provider): the opening holds the provider's row, so the change waits for it, then sees the account and answers
     * 409. It used to find no account (not committed yet) and change the currency: an account in EUR at a USD
     * provider.
     */
    @Test
    void aCurrencyChangeWhileTheFirstPaymentOpensAnAccountAtTheProviderWaitsAndRefuses() throws Exception {
        long provider = data.provider("EUR");

        ResponseEntity<String> change = new WhileHolding(transactions, jdbc).run(
                () -> payments.receive(client.id(), provider, new BigDecimal("5.00"), externalId),
                () -> data.admin().exchange("/api/v1/providers/" + provider, HttpMethod.PUT,
                        new HttpEntity<>(Map.of("name", "Changing", "currency", "USD")), String.class));

        assertThat(change.getStatusCode().value()).as(change.getBody()).isEqualTo(409);
        assertThat(change.getBody()).contains("cannot change while it has clients");
        assertThat(accountCurrency(provider)).isEqualTo(providerCurrency(provider)).isEqualTo("EUR");
    }

    /**
     * The other order: the currency change is under way when the first payment opens the account. The opening waits
     * for the change and opens the account in the new currency; it used to read the old one and open it in EUR just
     * before the change to USD committed.
     */
    @Test
    void theFirstPaymentAtAProviderWhoseCurrencyIsChangingWaitsAndOpensTheAccountInTheNewCurrency() throws Exception {
        long provider = data.provider("EUR");

        ResponseEntity<JsonNode> paid = new WhileHolding(transactions, jdbc).run(
                () -> providers.update(provider, new ProviderForm("Changing", "USD"),
                        IfMatch.ANY),
                () -> data.admin().postForEntity("/api/v1/payments", Map.of("clientId", client.id(), "providerId",
                        provider, "amount", "5.00", "externalId", externalId), JsonNode.class));

        assertThat(paid.getStatusCode().value()).as(String.valueOf(paid.getBody())).isEqualTo(201);
        assertThat(accountCurrency(provider)).isEqualTo(providerCurrency(provider)).isEqualTo("USD");
    }

    /**
     * Eight payments of one externalId at once, each into the client's account at one of two providers with one of
     * two amounts, in rounds drawn from a seed ({@code -Dhostflow.payment-races.seed=} replays one): one is created
     * (201), every other sent for the same account and amount answers it (200), every other is 409; the accounts hold
     * exactly the created payment, and an account only the refused ones named is never opened.
     */
    @Test
    void paymentsOfOneExternalIdAtOnceForTwoAccountsAndTwoAmountsCreditOneAndRefuseTheOthers() throws Exception {
        long seed = Long.getLong("hostflow.payment-races.seed", System.nanoTime());
        Random random = new Random(seed);
        long otherProvider = data.provider("EUR");
        BigDecimal[] paid = {Money.ZERO, Money.ZERO};
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 4; round++) {
                String id = "eight-" + round + "-" + UUID.randomUUID();
                int[] account = new int[8];
                String[] amount = new String[8];
                CountDownLatch start = new CountDownLatch(1);
                List<Future<ResponseEntity<String>>> answers = new ArrayList<>();
                for (int n = 0; n < 8; n++) {
                    account[n] = random.nextInt(2);
                    amount[n] = random.nextBoolean() ? "3.00" : "4.00";
                    Map<String, Object> body = Map.of("clientId", client.id(), "providerId",
                            account[n] == 0 ? client.providerId() : otherProvider, "amount", amount[n],
                            "externalId", id);
                    answers.add(pool.submit(() -> {
                        start.await();
                        return data.admin().postForEntity("/api/v1/payments", body, String.class);
                    }));
                }
                start.countDown();
                int created = -1;
                int[] status = new int[8];
                for (int n = 0; n < 8; n++) {
                    ResponseEntity<String> answer = answers.get(n).get(30, TimeUnit.SECONDS);
                    status[n] = answer.getStatusCode().value();
                    assertThat(status[n]).as("seed %d round %d: %s", seed, round, answer.getBody()).isIn(200, 201,
                            409);
                    if (status[n] == 201) {
                        assertThat(created).as("seed %d round %d: a second 201", seed, round).isEqualTo(-1);
                        created = n;
                    }
                }
                assertThat(created).as("seed %d round %d: no 201", seed, round).isNotEqualTo(-1);
                for (int n = 0; n < 8; n++) {
                    boolean same = account[n] == account[created] && amount[n].equals(amount[created]);
                    assertThat(status[n]).as("seed %d round %d request %d", seed, round, n)
                            .isEqualTo(n == created ? 201 : same ? 200 : 409);
                }
                paid[account[created]] = paid[account[created]].add(new BigDecimal(amount[created]));
                assertThat(data.balance(client)).as("seed %d round %d", seed, round)
                        .isEqualTo(paid[0].toPlainString());
                ResponseEntity<JsonNode> other = data.admin().getForEntity("/api/v1/clients/" + client.id()
                        + "/account?providerId=" + otherProvider, JsonNode.class);
                if (paid[1].signum() == 0) {
                    assertThat(other.getStatusCode().value()).as("seed %d round %d: opened for nothing", seed, round)
                            .isEqualTo(404);
                } else {
                    assertThat(other.getBody().get("balance").asText()).as("seed %d round %d", seed, round)
                            .isEqualTo(paid[1].toPlainString());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private String accountCurrency(long provider) {
        return jdbc.queryForObject("select currency from hostflow.account where client_id = ? and provider_id = ?",
                String.class, client.id(), provider);
    }

    private String providerCurrency(long provider) {
        return jdbc.queryForObject("select currency from hostflow.provider where id = ?", String.class, provider);
    }
}
