package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.common.time.ClockControl;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.lifecycle.ExternalTaskWakeUp;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IsolatedIntegrationTest;

/**
 * A hostile probe of money under concurrency, over real HTTP: payments, orders, prolongations, parameter changes,
 * deletions, suspensions and billing runs sent at once, each scenario ended by the one money check
 * ({@link #checkMoney}).
 */
@IsolatedIntegrationTest
class MoneyRaceProbeTest {

    private static final Login ADMIN = new Login("demo", "demo");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    ExternalTaskService externalTasks;
    @Autowired
    ClockControl clock;
    @Autowired
    VmManager6Simulator simulator;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProcessEngine engine;
    @Autowired
    HistoryService history;
    @Autowired
    ExternalTaskWakeUp workerWakeUp;
    @LocalServerPort
    int port;

    EndToEndApi api;
    QuietEngine quiet;
    String unique;
    /** Each test's own provider, module and tariff (MONTH 10.00, RAM 2.00 and CPU 3.00 a step), and a client of it. */
    EndToEndApi.Catalog shop;
    EndToEndApi.Client client;
    final ObjectMapper json = new ObjectMapper();
    final List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() {
        api = new EndToEndApi(http, runtime, management);
        quiet = new QuietEngine(api, ADMIN, clock, jdbc, engine, workerWakeUp);
        unique = Long.toString(System.nanoTime(), 36);
        simulator.control(new SimulatorControl(0.0, 0, false));
        shop = api.catalog(ADMIN, port, unique, "admin@example.com", "secret");
        client = api.client(ADMIN, shop.providerId(), unique);
    }

    @AfterEach
    void tearDown() {
        simulator.control(new SimulatorControl(0.0, 0, false));
        clock.reset();
        assertThat(serverErrors).as("no 5xx anywhere").isEmpty();
    }

    // --- payments ------------------------------------------------------------------------------------------------

    @Test
    void aPaymentSentEightTimesAtOnceIsCreditedOnceAndEveryAnswerNamesIt() throws Exception {
        String externalId = "bank-" + UUID.randomUUID();

        List<Reply> replies = AtOnce.run(8, () -> send(ADMIN, HttpMethod.POST, "/api/v1/payments", null,
                Map.of("clientId", client.id(), "amount", "12.34", "externalId", externalId)));

        assertThat(replies).extracting(Reply::status).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
        assertThat(replies.stream().map(r -> r.body().get("id").asLong()).distinct()).hasSize(1);
        assertThat(api.balance(client.login(), client.id())).isEqualTo("12.34");
        checkMoney(client.id());
    }

    @Test
    void paymentsAtOnceIntoAnAccountNotYetOpenedAreAllCredited() throws Exception {
        long otherProvider = api.ok(api.post(ADMIN, "/api/v1/providers", Map.of("name", "Second " + unique,
                "currency", "EUR"))).get("id").asLong();

        List<Reply> replies = AtOnce.run(8, () -> send(ADMIN, HttpMethod.POST, "/api/v1/payments", null,
                Map.of("clientId", client.id(), "providerId", otherProvider, "amount", "1.00", "externalId",
                        "bank-" + UUID.randomUUID())));

        assertThat(replies).as(replies.toString()).extracting(Reply::status).containsOnly(201);
        assertThat(api.ok(api.get(ADMIN, "/api/v1/clients/" + client.id() + "/account?providerId=" + otherProvider))
                .get("balance").asText()).isEqualTo("8.00");
        checkMoney(client.id());
    }

    @Test
    void creditsAtOnceIntoAnAccountNotYetOpenedAreAllGiven() throws Exception {
        long otherProvider = api.ok(api.post(ADMIN, "/api/v1/providers", Map.of("name", "Third " + unique,
                "currency", "EUR"))).get("id").asLong();

        List<Reply> replies = AtOnce.run(8, () -> send(ADMIN, HttpMethod.POST, "/api/v1/clients/" + client.id()
                + "/credits", null, Map.of("providerId", otherProvider, "amount", "1.00", "description", "goodwill")));

        assertThat(replies).as(replies.toString()).extracting(Reply::status).containsOnly(201);
        assertThat(api.ok(api.get(ADMIN, "/api/v1/clients/" + client.id() + "/account?providerId=" + otherProvider))
                .get("balance").asText()).isEqualTo("8.00");
        checkMoney(client.id());
    }

    @Test
    void malformedMoneyIsA400NamingTheAmountAndCreditsNothing() {
        List<String> bodies = List.of("\"0\"", "\"0.00\"", "\"-1.00\"", "\"0.001\"", "\"1.005\"", "\"1e-3\"",
                "\"1e999999999\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1,00\"", "\"\"", "\" \"", "null",
                "\"123456789012345678.00\"", "1e400", "-0.0", "\"0x10\"", "\"1_000\"", "true", "[]", "{}",
                "\"1.2.3\"", "\"+-1\"", "1E-400", "\"\\u0661\\u0660\"", "\"１０\"",
                // exponents, even those that name whole cents: money is written plainly (StrictNumbers)
                "1e2", "\"1E+2\"", "\"2.50e1\"", "0.1e1");
        for (String amount : bodies) {
            String body = "{\"clientId\":" + client.id() + ",\"amount\":" + amount + ",\"externalId\":\"m-"
                    + UUID.randomUUID() + "\"}";
            Reply reply = sendRaw(ADMIN, HttpMethod.POST, "/api/v1/payments", null, body);
            assertThat(reply.status()).as(amount + " → " + reply).isEqualTo(400);
            assertThat(reply.body().toString()).as(amount + " → " + reply).contains("amount");
            Reply credit = sendRaw(ADMIN, HttpMethod.POST, "/api/v1/clients/" + client.id() + "/credits", null,
                    "{\"amount\":" + amount + ",\"description\":\"goodwill\"}");
            assertThat(credit.status()).as(amount + " → " + credit).isEqualTo(400);
            assertThat(credit.body().toString()).as(amount + " → " + credit).contains("amount");
        }
        for (String key : List.of("", " ", "k".repeat(101), "a b")) {
            Reply order = send(client.login(), HttpMethod.POST, "/api/v1/orders", key, order(shop, client));
            assertThat(order.status()).as("key [" + key + "] → " + order).isEqualTo(400);
            assertThat(order.body().toString()).as("key [" + key + "] → " + order).contains("Idempotency-Key");
        }
        assertThat(jdbc.queryForObject("select count(*) from hostflow.service_order where client_id = ?", Long.class,
                client.id())).isZero();
        assertThat(api.balance(client.login(), client.id())).isEqualTo("0.00");
        checkMoney(client.id());
    }

    @Test
    void strangersAndOtherClientsGetNoMoney() {
        EndToEndApi.Client other = api.client(ADMIN, shop.providerId(), unique + "b");
        api.pay(ADMIN, other.id(), "5.00");

        assertThat(send(ADMIN, HttpMethod.POST, "/api/v1/payments", null, Map.of("clientId", 987654321L,
                "amount", "1.00", "externalId", "x-" + unique)).status()).isEqualTo(404);
        Reply unknownClientAtAProvider = send(ADMIN, HttpMethod.POST, "/api/v1/payments", null, Map.of("clientId",
                987654321L, "providerId", shop.providerId(), "amount", "1.00", "externalId", "w-" + unique));
        assertThat(unknownClientAtAProvider.status()).as(unknownClientAtAProvider.toString()).isEqualTo(404);
        Reply unknownProvider = send(ADMIN, HttpMethod.POST, "/api/v1/payments", null, Map.of("clientId",
                client.id(), "providerId", 987654321L, "amount", "1.00", "externalId", "y-" + unique));
        assertThat(unknownProvider.status()).as(unknownProvider.toString()).isBetween(400, 404);
        assertThat(send(client.login(), HttpMethod.POST, "/api/v1/payments", null, Map.of("clientId",
                client.id(), "amount", "1.00", "externalId", "z-" + unique)).status()).isEqualTo(403);
        for (String path : List.of("/api/v1/clients/" + other.id() + "/account",
                "/api/v1/clients/" + other.id() + "/expenses", "/api/v1/clients/" + other.id() + "/credits",
                "/api/v1/payments?clientId=" + other.id())) {
            Reply reply = send(client.login(), HttpMethod.GET, path, null, null);
            assertThat(reply.status()).as(path + " " + reply).isIn(403, 404);
        }
        long otherPayment = api.ok(api.get(ADMIN, "/api/v1/payments?clientId=" + other.id())).get(0).get("id")
                .asLong();
        assertThat(send(client.login(), HttpMethod.GET, "/api/v1/payments/" + otherPayment, null, null).status())
                .isEqualTo(404);
        assertThat(api.ok(api.get(client.login(), "/api/v1/payments"))).isEmpty();
        checkMoney(client.id(), other.id());
    }

    // --- orders -------------------------------------------------------------------------------------------------

    @Test
    void eightOrdersAtOnceTakeTheLastMoneyOnceAndAPaymentAtOncePaysTheRest() throws Exception {
        api.pay(ADMIN, client.id(), "25.00");

        List<Reply> orders = AtOnce.run(8, () -> send(client.login(), HttpMethod.POST, "/api/v1/orders", null,
                order(shop, client)));
        assertThat(orders).extracting(Reply::status).containsOnly(201);
        assertThat(api.balance(client.login(), client.id())).isEqualTo("5.00");
        String externalId = "bank-" + UUID.randomUUID();
        List<Reply> payments = AtOnce.run(8, () -> send(ADMIN, HttpMethod.POST, "/api/v1/payments", null,
                Map.of("clientId", client.id(), "amount", "60.00", "externalId", externalId)));
        assertThat(payments).extracting(Reply::status).containsOnly(200, 201);

        List<Long> services = orders.stream().map(r -> r.body().get("serviceId").asLong()).toList();
        settle(services);
        for (long serviceId : services) {
            assertThat(service(client, serviceId).get("status").asText()).as(api.describe(serviceId))
                    .isEqualTo("ACTIVE");
        }
        assertThat(api.balance(client.login(), client.id())).isEqualTo("5.00");
        checkMoney(client.id());
        checkServices(services);
    }

    @Test
    void anOrderSentEightTimesAtOnceUnderOneKeyIsPlacedOnceAndAnotherBodyIsAConflict() throws Exception {
        api.pay(ADMIN, client.id(), "100.00");
        String key = "k-" + UUID.randomUUID();

        List<Reply> replies = AtOnce.run(8, () -> send(client.login(), HttpMethod.POST, "/api/v1/orders", key,
                order(shop, client)));
        assertThat(replies).extracting(Reply::status).containsOnly(200, 201);
        assertThat(replies.stream().map(r -> r.body().get("orderId").asLong()).distinct()).hasSize(1);
        Map<String, Object> other = new LinkedHashMap<>(order(shop, client));
        other.put("addons", Map.of("ram", 4096));
        assertThat(send(client.login(), HttpMethod.POST, "/api/v1/orders", key, other).status()).isEqualTo(409);
        long serviceId = replies.get(0).body().get("serviceId").asLong();
        settle(List.of(serviceId));
        assertThat(api.balance(client.login(), client.id())).isEqualTo("90.00");
        checkMoney(client.id());
    }

    @Test
    void eightOrdersUnderOneKeyWithDifferentBodiesAtOncePlaceOneOrder() throws Exception {
        api.pay(ADMIN, client.id(), "100.00");
        String key = "k-" + UUID.randomUUID();
        List<Callable<Reply>> orders = new ArrayList<>();
        for (int ram = 1024; ram <= 8192; ram += 1024) {
            Map<String, Object> order = new LinkedHashMap<>(order(shop, client));
            order.put("addons", Map.of("ram", ram));
            orders.add(() -> send(client.login(), HttpMethod.POST, "/api/v1/orders", key, order));
        }

        List<Reply> replies = AtOnce.all(orders);

        assertThat(replies).extracting(Reply::status).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from hostflow.service_order where client_id = ?", Long.class,
                client.id())).isEqualTo(1);
        settle(replies.stream().filter(r -> r.status() == 201).map(r -> r.body().get("serviceId").asLong())
                .toList());
        checkMoney(client.id());
    }

    @Test
    void aClientActsOnNoOtherClientsServicesOrMoney() {
        EndToEndApi.Client other = api.client(ADMIN, shop.providerId(), unique + "o");
        api.pay(ADMIN, other.id(), "50.00");
        long theirs = orderActive(shop, other);
        api.pay(ADMIN, client.id(), "50.00");

        Map<String, Object> forThem = new LinkedHashMap<>(order(shop, client));
        forThem.put("clientId", other.id());
        assertThat(send(client.login(), HttpMethod.POST, "/api/v1/orders", null, forThem).status()).isIn(403, 404);
        String path = "/api/v1/services/" + theirs;
        assertThat(send(client.login(), HttpMethod.POST, path + "/prolong", null, Map.of("period", "MONTH"))
                .status()).isEqualTo(404);
        assertThat(send(client.login(), HttpMethod.POST, path + "/parameters", null,
                Map.of("addons", Map.of("ram", 4096))).status()).isEqualTo(404);
        assertThat(send(client.login(), HttpMethod.DELETE, path, null, null).status()).isEqualTo(404);
        assertThat(send(client.login(), HttpMethod.GET, path + "/parameters/quote?addons[ram]=4096", null, null)
                .status()).isEqualTo(404);
        assertThat(api.balance(other.login(), other.id())).isEqualTo("40.00");
        assertThat(api.balance(client.login(), client.id())).isEqualTo("50.00");
        checkMoney(client.id(), other.id());
    }

    // --- parameter changes ---------------------------------------------------------------------------------------

    @Test
    void eightParameterChangesAtOnceChargeOnce() throws Exception {
        api.pay(ADMIN, client.id(), "100.00");
        long serviceId = orderActive(shop, client);

        List<Integer> sizes = List.of(3072, 4096, 5120, 6144, 7168, 8192, 1024, 9216);
        // every change may be a refused shrink (VMmanager refuses them), leaving the RAM it had
        Map<Integer, BigDecimal> quotes = new LinkedHashMap<>(Map.of(2048, BigDecimal.ZERO));
        for (int ram : sizes) {
            quotes.put(ram, new BigDecimal(api.ok(api.get(client.login(), "/api/v1/services/" + serviceId
                    + "/parameters/quote?addons[ram]=" + ram)).get("amount").asText()));
        }
        List<Callable<Reply>> changes = new ArrayList<>();
        for (int ram : sizes) {
            changes.add(() -> send(client.login(), HttpMethod.POST, "/api/v1/services/" + serviceId + "/parameters",
                    null, Map.of("addons", Map.of("ram", ram))));
        }
        List<Reply> replies = AtOnce.all(changes);
        // one at a time: a change whose module answered quickly may be followed by another, never run beside it
        assertThat(replies).extracting(Reply::status).containsOnly(202, 409).contains(202);
        long accepted = replies.stream().filter(r -> r.status() == 202).count();
        settle(List.of(serviceId));
        long ram = service(client, serviceId).get("addons").get("ram").asLong();
        // a shrink the module refused (VMmanager refuses every one) came back by its undo, "revert-param-..."
        BigDecimal moved = sum("select coalesce(sum(amount), 0) from hostflow.charge where service_id = ? and"
                + " charge_key like '%param-%'", serviceId).subtract(sum("select coalesce(sum(amount), 0) from"
                        + " hostflow.credit where service_id = ? and credit_key like '%param-%'", serviceId));
        assertThat(moved.subtract(quotes.get((int) ram)).abs()).as("%s for RAM %d after %d changes", moved, ram,
                accepted).isLessThanOrEqualTo(new BigDecimal("0.01").multiply(BigDecimal.valueOf(accepted)));
        checkMoney(client.id());
        checkServices(List.of(serviceId));
    }

    /**
     * Found by helper-89: a decrease was credited when it was asked for. A client with an empty balance asked for less
     * RAM on one service, spent the credit on more RAM for another before VMmanager refused the decrease (it refuses
     * every shrink), and the credit, taken back from the empty balance, stayed with it: both services on the larger
     * RAM, one of the two steps never paid for, again and again. A decrease is credited once the module applied it.
     */
    @Test
    void aDecreaseIsCreditedOnlyOnceTheModuleAppliedItSoNoCreditIsSpentBeforeTheModuleRefusesIt() {
        api.pay(ADMIN, client.id(), "24.00"); // two months of 10.00 with one more RAM step of 2.00
        long shrinking = orderActive(shop, client, Map.of("ram", 3072));
        long growing = orderActive(shop, client, Map.of("ram", 3072));
        assertThat(api.balance(client.login(), client.id())).isEqualTo("0.00");
        BigDecimal credit = new BigDecimal(api.ok(api.get(client.login(), "/api/v1/services/" + shrinking
                + "/parameters/quote?addons[ram]=2048")).get("amount").asText());
        assertThat(credit.signum()).as("a decrease credits").isNegative();

        simulator.answerDelayMs(3000); // the module answers the decrease only after the next request
        try {
            Reply decrease = send(client.login(), HttpMethod.POST, "/api/v1/services/" + shrinking + "/parameters",
                    null, Map.of("addons", Map.of("ram", 2048)));
            assertThat(decrease.status()).as("%s", decrease).isEqualTo(202);
            assertThat(api.balance(client.login(), client.id())).as("nothing credited before the module answers")
                    .isEqualTo("0.00");
            Reply increase = send(client.login(), HttpMethod.POST, "/api/v1/services/" + growing + "/parameters",
                    null, Map.of("addons", Map.of("ram", 4096)));
            assertThat(increase.status()).as("%s", increase).isEqualTo(422);
        } finally {
            simulator.answerDelayMs(0);
        }
        settle(List.of(shrinking, growing));

        assertThat(service(client, shrinking).get("addons").get("ram").asLong()).as("shrink refused").isEqualTo(3072);
        assertThat(service(client, growing).get("addons").get("ram").asLong()).isEqualTo(3072);
        assertThat(api.balance(client.login(), client.id())).isEqualTo("0.00");
        assertThat(sum("select coalesce(sum(amount), 0) from hostflow.credit where service_id = ?", shrinking))
                .as("never credited").isEqualByComparingTo("0");
        assertThat(sum("select coalesce(sum(amount), 0) from hostflow.change_credit_held where service_id = ?"
                + " and outcome = 'DROPPED'", shrinking)).as("held, then dropped")
                .isEqualByComparingTo(credit.negate());
        checkMoney(client.id());
        checkServices(List.of(shrinking, growing));
    }

    @Test
    void aParameterChangeSentEightTimesAtOnceUnderOneKeyChargesOnce() throws Exception {
        api.pay(ADMIN, client.id(), "100.00");
        long serviceId = orderActive(shop, client);
        String key = "k-" + UUID.randomUUID();

        List<Reply> replies = AtOnce.run(8, () -> send(client.login(), HttpMethod.POST, "/api/v1/services/"
                + serviceId + "/parameters", key, Map.of("addons", Map.of("ram", 4096))));
        assertThat(replies).extracting(Reply::status).containsOnly(200, 202);
        assertThat(send(client.login(), HttpMethod.POST, "/api/v1/services/" + serviceId + "/parameters", key,
                Map.of("addons", Map.of("ram", 8192))).status()).isEqualTo(409);
        settle(List.of(serviceId));
        assertThat(jdbc.queryForObject("select count(*) from hostflow.charge where service_id = ? and charge_key"
                + " like 'param-%'", Long.class, serviceId)).isEqualTo(1);
        checkMoney(client.id());
    }

    @Test
    void aProlongationSentEightTimesAtOnceUnderOneKeyChargesOnce() throws Exception {
        api.pay(ADMIN, client.id(), "100.00");
        long serviceId = orderActive(shop, client);
        String key = "k-" + UUID.randomUUID();

        List<Reply> replies = AtOnce.run(8, () -> send(client.login(), HttpMethod.POST, "/api/v1/services/"
                + serviceId + "/prolong", key, Map.of("period", "MONTH")));
        assertThat(replies).extracting(Reply::status).as(replies.toString()).containsOnly(200, 202);
        settle(List.of(serviceId));
        assertThat(api.balance(client.login(), client.id())).isEqualTo("80.00");
        checkMoney(client.id());
        checkServices(List.of(serviceId));
    }

    @Test
    void aParameterChangeRacingAProlongationADeletionAndASuspensionKeepsTheMoneyRight() throws Exception {
        List<Long> clients = new ArrayList<>();
        List<Long> services = new ArrayList<>();
        for (String other : List.of("prolong", "delete", "suspend", "change", "pay")) {
            EndToEndApi.Client racer = api.client(ADMIN, shop.providerId(), unique + other);
            clients.add(racer.id());
            api.pay(ADMIN, racer.id(), "100.00");
            long serviceId = orderActive(shop, racer);
            services.add(serviceId);
            String path = "/api/v1/services/" + serviceId;
            Callable<Reply> second = switch (other) {
                case "prolong" -> () -> send(racer.login(), HttpMethod.POST, path + "/prolong", null,
                        Map.of("period", "MONTH"));
                case "delete" -> () -> send(racer.login(), HttpMethod.DELETE, path, null, null);
                case "suspend" -> () -> send(ADMIN, HttpMethod.POST, path + "/suspend", null,
                        Map.of("reason", "ADMIN"));
                case "change" -> () -> send(racer.login(), HttpMethod.POST, path + "/parameters", null,
                        Map.of("addons", Map.of("cpu", 2)));
                default -> () -> send(ADMIN, HttpMethod.POST, "/api/v1/payments", null,
                        Map.of("clientId", racer.id(), "amount", "1.00", "externalId", "b-" + UUID.randomUUID()));
            };
            BigDecimal quote = new BigDecimal(api.ok(api.get(racer.login(),
                    path + "/parameters/quote?addons[ram]=4096")).get("amount").asText());
            List<Reply> replies = both(() -> send(racer.login(), HttpMethod.POST, path + "/parameters", null,
                    Map.of("addons", Map.of("ram", 4096))), second);
            assertThat(replies).as(other + " " + replies).allSatisfy(r -> assertThat(r.status()).isLessThan(500));
            if (other.equals("prolong") && replies.stream().allMatch(r -> r.status() == 202)) {
                settle(List.of(serviceId));
                // in either order: the month ordered, the next month at 4096 MiB (14.00), the change in this month
                assertThat(new BigDecimal(api.balance(racer.login(), racer.id()))).as(replies.toString())
                        .isEqualByComparingTo(new BigDecimal("76.00").subtract(quote));
            }
        }
        settle(services);
        checkMoney(clients.stream().mapToLong(Long::longValue).toArray());
        checkServices(services);
    }

    // --- bursts: a client's and an admin's requests about one service, all at once -----------------------------------

    /** How a burst's requests carry an Idempotency-Key. */
    enum Keys {
        /** none: every request is a new one */
        NONE,
        /** each kind of request under a key of its own, with one body: a retry sent many times at once */
        ONE_PER_KIND,
        /** each kind under a key of its own, with different bodies: only one of them can be the keyed request */
        OTHER_BODIES
    }

    @Test
    void aBurstOfEveryRequestAboutOneServiceAnswers2xxOr4xxAndLeavesItWhole() throws Exception {
        burst(burstService(), Keys.NONE, false);
    }

    @Test
    void aBurstWithOneKeyPerKindOfRequestDoesEachKindOnce() throws Exception {
        burst(burstService(), Keys.ONE_PER_KIND, false);
    }

    @Test
    void aBurstWithOneKeyPerKindAndOtherBodiesUnderItDoesEachKindOnce() throws Exception {
        burst(burstService(), Keys.OTHER_BODIES, false);
    }

    @Test
    void aBurstWhileTheServiceIsStillBeingOpenedLeavesItWhole() throws Exception {
        api.pay(ADMIN, client.id(), "500.00");
        sellForADay();
        simulator.control(new SimulatorControl(0.0, 600, false));
        long opening = api.ok(api.post(client.login(), "/api/v1/orders", order(shop, client))).get("serviceId")
                .asLong();
        burst(opening, Keys.NONE, false);
    }

    @Test
    void aBurstWithTheAdminsDeletionWhileAModuleCallRunsEndsWithTheServiceDeletedAndNothingWaiting()
            throws Exception {
        long serviceId = burstService();
        simulator.control(new SimulatorControl(0.0, 600, false));
        Reply change = send(client.login(), HttpMethod.POST, "/api/v1/services/" + serviceId + "/parameters", null,
                Map.of("addons", Map.of("cpu", 2)));
        assertThat(change.status()).as("%s", change).isEqualTo(202);
        burst(serviceId, Keys.OTHER_BODIES, true);
        assertThat(service(client, serviceId).get("status").asText()).isEqualTo("DELETED");
    }

    /**
     * Found by the bursts: an admin's resumption and deletion at once, the deletion waiting for the resumption's
     * turn, mailed the client "works again" seconds before "was deleted", where a suspension in the same place
     * tells only of the deletion; the client of that service had never been told it was suspended.
     */
    @Test
    void aServiceDeletedWhileTheModuleStartsItAgainIsNotSaidToRunAgain() {
        long serviceId = burstService();
        String path = "/api/v1/services/" + serviceId;
        assertThat(send(ADMIN, HttpMethod.POST, path + "/suspend", null, Map.of("reason", "ADMIN")).status())
                .isEqualTo(202);
        settle(List.of(serviceId));
        simulator.control(new SimulatorControl(0.0, 600, false));
        assertThat(send(ADMIN, HttpMethod.POST, path + "/resume", null, Map.of()).status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> simulator.runningTasks() > 0);

        assertThat(send(ADMIN, HttpMethod.DELETE, path, null, null).status()).isEqualTo(202);
        settle(List.of(serviceId));

        assertThat(service(client, serviceId).get("status").asText()).isEqualTo("DELETED");
        assertThat(jdbc.queryForList("select event from hostflow.notification where service_id = ? and event in"
                + " ('service-suspended', 'service-resumed', 'service-deleted') order by id", String.class, serviceId))
                .containsExactly("service-suspended", "service-deleted");
        checkMoney(client.id());
    }

    /** An ACTIVE service of the test's client, with money for every prolongation a burst may accept. */
    private long burstService() {
        api.pay(ADMIN, client.id(), "500.00");
        sellForADay();
        return orderActive(shop, client);
    }

    /** The shop's tariff sold for a DAY too, its RAM add-on as well. */
    private void sellForADay() {
        changeTariff("10.00");
    }

    /** The shop tariff's MONTH price set to {@code month} (its DAY price and add-ons as {@link #sellForADay}). */
    private Reply changeTariff(String month) {
        Map<String, Object> tariff = json.convertValue(api.ok(api.get(ADMIN, "/api/v1/tariffs/" + shop.tariffId())),
                Map.class);
        tariff.remove("id");
        tariff.put("prices", Map.of("MONTH", month, "DAY", "0.40"));
        List<Map<String, Object>> addons = new ArrayList<>();
        for (Object addon : (List<?>) tariff.get("addons")) {
            Map<String, Object> copy = new LinkedHashMap<>(json.convertValue(addon, Map.class));
            if ("ram".equals(copy.get("resource"))) {
                copy.put("prices", Map.of("MONTH", "2.00", "DAY", "0.10"));
            }
            addons.add(copy);
        }
        tariff.put("addons", addons);
        return send(ADMIN, HttpMethod.PUT, "/api/v1/tariffs/" + shop.tariffId(), null, tariff);
    }

    /**
     * Eighteen requests about one service released at once: four prolongations (DAY and MONTH), four parameter
     * changes, the client's deletion and its withdrawal, a password reset, an admin's two suspensions and a
     * resumption, a billing run, a payment sent twice, a price change of the tariff and ({@code adminDeletes}) the
     * admin's deletion. Each answer is a 2xx or a 4xx problem that says why; once the engine settled, the service is
     * whole ({@link #checkBurst}).
     */
    private void burst(long serviceId, Keys keys, boolean adminDeletes) throws Exception {
        String path = "/api/v1/services/" + serviceId;
        String round = UUID.randomUUID().toString();
        List<String> what = new ArrayList<>();
        List<Callable<Reply>> requests = new ArrayList<>();
        BiConsumer<String, Callable<Reply>> add = (name, request) -> {
            what.add(name);
            requests.add(request);
        };
        Function<String, String> key = kind -> keys == Keys.NONE ? null : kind + "-" + round;
        boolean sameBody = keys == Keys.ONE_PER_KIND;
        for (String period : List.of("DAY", "MONTH", "DAY", "MONTH")) {
            String asked = sameBody ? "MONTH" : period;
            add.accept("prolong " + asked, () -> send(client.login(), HttpMethod.POST, path + "/prolong",
                    key.apply("prolong"), Map.of("period", asked)));
        }
        for (int ram : List.of(3072, 4096, 5120, 6144)) {
            int asked = sameBody ? 4096 : ram;
            add.accept("ram " + asked, () -> send(client.login(), HttpMethod.POST, path + "/parameters",
                    key.apply("parameters"), Map.of("addons", Map.of("ram", asked))));
        }
        add.accept("client deletes", () -> send(client.login(), HttpMethod.DELETE, path, key.apply("delete"), null));
        add.accept("client withdraws", () -> send(client.login(), HttpMethod.DELETE, path + "/deletion", null,
                null));
        add.accept("reset password", () -> send(client.login(), HttpMethod.POST, path + "/reset-password",
                key.apply("reset"), null));
        for (String reason : List.of("ADMIN", "ABUSE")) {
            String asked = sameBody ? "ADMIN" : reason;
            add.accept("suspend " + asked, () -> send(ADMIN, HttpMethod.POST, path + "/suspend", key.apply("suspend"),
                    Map.of("reason", asked)));
        }
        add.accept("resume", () -> send(ADMIN, HttpMethod.POST, path + "/resume", key.apply("resume"), Map.of()));
        add.accept("billing run", () -> send(ADMIN, HttpMethod.POST, "/api/v1/billing/run", null, null));
        String externalId = "bank-" + round;
        for (int i = 0; i < 2; i++) {
            add.accept("pay 5.00 as " + externalId, () -> send(ADMIN, HttpMethod.POST, "/api/v1/payments", null,
                    Map.of("clientId", client.id(), "amount", "5.00", "externalId", externalId)));
        }
        add.accept("tariff price", () -> changeTariff(keys == Keys.NONE ? "11.00" : "10.00"));
        if (adminDeletes) {
            for (int i = 0; i < 2; i++) {
                add.accept("admin deletes", () -> send(ADMIN, HttpMethod.DELETE, path, key.apply("admin-delete"),
                        null));
            }
            add.accept("pay 6.00 as " + externalId, () -> send(ADMIN, HttpMethod.POST, "/api/v1/payments", null,
                    Map.of("clientId", client.id(), "amount", "6.00", "externalId", externalId)));
        }
        Counts before = counts(serviceId);

        List<Reply> replies = AtOnce.all(requests);

        List<String> told = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            told.add(what.get(i) + " → " + replies.get(i).status());
        }
        String story = keys + (adminDeletes ? " with the admin's deletion" : "") + ": " + told;
        for (Reply reply : replies) {
            assertThat(reply.status()).as("%s: %s", story, reply).isBetween(200, 499);
            if (reply.status() >= 400) {
                assertThat(reply.status()).as("%s: %s", story, reply).isIn(400, 404, 409, 412, 422);
                assertThat(reply.body().path("detail").asText()).as("%s: %s says why", story, reply).isNotBlank();
            }
        }
        settle(List.of(serviceId));
        checkBurst(story, serviceId, keys, before, replies);
    }

    /**
     * What a burst may add to a service, counted before and after it; a parameter change is charged once for each
     * paid period it spans ({@code param-…@<period start>}), counted once.
     */
    record Counts(long prolongCharges, long parameterCharges, long suspensions, long passwordMails) {
    }

    private Counts counts(long serviceId) {
        return new Counts(count("select count(*) from hostflow.charge where service_id = ? and charge_key like"
                + " 'prolong-%'", serviceId), count("select count(distinct split_part(charge_key, '@', 1)) from"
                        + " hostflow.charge where service_id = ? and charge_key like 'param-%'", serviceId),
                history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId))
                        .processDefinitionKey("ServiceSuspensionProcess").count(),
                count("select count(*) from hostflow.notification where service_id = ? and event in"
                        + " ('password-changed', 'password-change-failed')", serviceId));
    }

    private long count(String sql, long id) {
        return jdbc.queryForObject(sql, Long.class, id);
    }

    /**
     * The money to the cent; the status as its reasons say; one host of the right state (none once DELETED); no
     * incident and no process left waiting but a deletion at the period's end the service shows; every accepted
     * password reset mailed; under a key, each kind of request done at most once.
     */
    private void checkBurst(String story, long serviceId, Keys keys, Counts before, List<Reply> replies) {
        checkMoney(story, client.id());
        JsonNode service = service(client, serviceId);
        String status = service.get("status").asText();
        List<String> reasons = new ArrayList<>();
        service.get("statusReasons").forEach(r -> reasons.add(r.asText()));
        String seen = story + "; service " + service + "; " + api.describe(serviceId) + "; charges " + jdbc.queryForList(
                "select charge_key, amount, period_from, period_to from hostflow.charge where service_id = ? order by id",
                serviceId);
        if (!"DELETED".equals(status)) {
            assertThat(reasons.isEmpty()).as("status and reasons: %s", seen).isEqualTo(!"SUSPENDED".equals(status));
        }
        List<Object> hostStates = simulator.hostsNamed("hostflow-" + serviceId).stream().map(h -> h.get("state"))
                .toList();
        switch (status) {
            case "DELETED" -> assertThat(hostStates).as("hosts: %s", seen).isEmpty();
            case "SUSPENDED" -> assertThat(hostStates).as("hosts: %s", seen).containsExactly("stopped");
            case "ACTIVE" -> assertThat(hostStates).as("hosts: %s", seen).containsExactly("active");
            default -> assertThat(hostStates).as("hosts: %s", seen).hasSizeLessThanOrEqualTo(1);
        }
        String businessKey = Long.toString(serviceId);
        assertThat(runtime.createIncidentQuery().list().stream().filter(i -> i.getProcessInstanceId() != null
                && runtime.createProcessInstanceQuery().processInstanceId(i.getProcessInstanceId())
                        .processInstanceBusinessKey(businessKey).count() > 0)).as("incidents: %s", seen).isEmpty();
        List<String> waiting = runtime.createProcessInstanceQuery().processInstanceBusinessKey(businessKey).list()
                .stream().map(p -> p.getProcessDefinitionId().split(":")[0]).toList();
        boolean deletionWaits = !"DELETED".equals(status) && !service.path("deleteAt").isNull();
        assertThat(waiting).as("processes: %s", seen)
                .isEqualTo(deletionWaits ? List.of("ServiceDeletionProcess") : List.of());
        Counts after = counts(serviceId);
        long resets = replies.stream().filter(r -> r.request().contains("/reset-password") && r.status() == 202)
                .count();
        if (!"DELETED".equals(status)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(counts(serviceId).passwordMails()
                    - before.passwordMails()).as("a mail for each accepted reset: %s", seen).isEqualTo(resets));
        }
        if (keys != Keys.NONE) {
            assertThat(after.prolongCharges() - before.prolongCharges()).as("one key, one prolongation: %s", seen)
                    .isLessThanOrEqualTo(1);
            assertThat(after.parameterCharges() - before.parameterCharges()).as("one key, one change: %s", seen)
                    .isLessThanOrEqualTo(1);
            assertThat(after.suspensions() - before.suspensions()).as("one key, one suspension: %s", seen)
                    .isLessThanOrEqualTo(1);
        }
    }

    // --- refunds ------------------------------------------------------------------------------------------------

    @Test
    void aServicePaidAheadAndChangedIsRefundedEachUnusedPeriodAtItsOwnPrice() {
        // three months paid (Jan, Feb, Mar); on Jan 31 CPU 1 → 4 (+9.00 a month): 9 × 1/31 + 9 + 9 = 18.29. Deleted
        // on Mar 1, March's 30 unused days cost 19.00 × 30/31 = 18.39 and come back; the change's 18.29 was one
        // charge spread evenly over its 60 days, refunded as 9.15 beside March's 9.68: 18.83, 0.44 too much
        api.pay(ADMIN, client.id(), "100.00");
        api.moveClock(ADMIN, Instant.parse("2027-01-01T10:00:00Z"));
        long serviceId = orderActive(shop, client);
        for (int month = 0; month < 2; month++) {
            assertThat(send(client.login(), HttpMethod.POST, "/api/v1/services/" + serviceId + "/prolong", null,
                    Map.of("period", "MONTH")).status()).isEqualTo(202);
            settle(List.of(serviceId));
        }
        assertThat(service(client, serviceId).get("paidUntil").asText()).startsWith("2027-04-01");
        api.moveClock(ADMIN, Instant.parse("2027-01-31T10:00:00Z"));
        assertThat(send(client.login(), HttpMethod.POST, "/api/v1/services/" + serviceId + "/parameters", null,
                Map.of("addons", Map.of("cpu", 4))).status()).isEqualTo(202);
        settle(List.of(serviceId));
        assertThat(api.balance(client.login(), client.id())).isEqualTo("51.71");

        api.moveClock(ADMIN, Instant.parse("2027-03-01T10:00:00Z"));
        assertThat(send(ADMIN, HttpMethod.DELETE, "/api/v1/services/" + serviceId, null, null).status())
                .isBetween(200, 299);
        settle(List.of(serviceId));

        assertThat(service(client, serviceId).get("status").asText()).isEqualTo("DELETED");
        assertThat(jdbc.queryForObject("select amount from hostflow.credit where credit_key = ?", BigDecimal.class,
                "delete-refund-" + serviceId)).isEqualByComparingTo("18.39");
        assertThat(api.balance(client.login(), client.id())).isEqualTo("70.10");
        checkMoney(client.id());
    }

    // --- billing run -----------------------------------------------------------------------------------------------

    @Test
    void aPaymentAtOnceWithTheBillingRunOverItsDueServicesIsChargedOncePerPeriod() throws Exception {
        // ordered on a Tuesday, so the run 30 hours after the paid month is on a Wednesday: from the real time, run
        // on a Monday evening it fell on a Saturday, and the calendar held the third service's BILLING suspension
        // back to Monday (ACTIVE, its suspension waiting: 3 counted ACTIVE)
        api.moveClock(ADMIN, Instant.parse("2027-02-02T10:00:00Z"));
        api.pay(ADMIN, client.id(), "30.00");
        List<Long> services = List.of(orderActive(shop, client), orderActive(shop, client),
                orderActive(shop, client));
        Instant paidUntil = Instant.parse(service(client, services.get(0)).get("paidUntil").asText());
        api.moveClock(ADMIN, paidUntil.plus(Duration.ofHours(30)));
        String externalId = "bank-" + UUID.randomUUID();

        List<Reply> replies = both(() -> send(ADMIN, HttpMethod.POST, "/api/v1/billing/run", null, null),
                () -> send(ADMIN, HttpMethod.POST, "/api/v1/payments", null,
                        Map.of("clientId", client.id(), "amount", "20.00", "externalId", externalId)));
        assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isLessThan(300));
        settle(services);
        send(ADMIN, HttpMethod.POST, "/api/v1/billing/run", null, null);
        settle(services);
        checkMoney(client.id());
        checkServices(services);
        long active = services.stream().filter(s -> "ACTIVE".equals(service(client, s).get("status").asText()))
                .count();
        assertThat(active).as("20.00 pays two of the three").isEqualTo(2);
    }

    // --- random rounds -------------------------------------------------------------------------------------------

    /** {@code -Dhostflow.money-races.seed=...} replays the rounds of a failed run (its seed is in the failure). */
    static final String SEED = "hostflow.money-races.seed";
    /** {@code -Dhostflow.money-races.rounds=...}: more rounds for a long run (10 in the build). */
    static final String ROUNDS = "hostflow.money-races.rounds";

    /**
     * Rounds of two to four of a client's money requests sent at once (payments, some of them repeated; an admin's
     * credits; orders, prolongations and parameter changes, some under a repeated Idempotency-Key; deletions,
     * suspensions and resumptions; billing runs), the clock moving days on between rounds. After each round the
     * engine settles and the money check runs; at the end a billing run leaves no ACTIVE service unpaid.
     */
    @Test
    void roundsOfMoneyRequestsAtOnceKeepTheMoneyRight() throws Exception {
        long seed = Long.getLong(SEED, new java.util.Random().nextLong());
        java.util.Random random = new java.util.Random(seed);
        api.pay(ADMIN, client.id(), "40.00");
        long secondProvider = api.ok(api.post(ADMIN, "/api/v1/providers", Map.of("name", "Second " + unique,
                "currency", "EUR"))).get("id").asLong();
        List<Long> services = new ArrayList<>(List.of(orderActive(shop, client)));
        List<String> story = new ArrayList<>();
        for (int round = 0; round < Integer.getInteger(ROUNDS, 10); round++) {
            List<String> what = new ArrayList<>();
            List<Callable<Reply>> requests = new ArrayList<>();
            String sharedKey = "k-" + UUID.randomUUID();
            String sharedPayment = "bank-" + UUID.randomUUID();
            for (int i = 2 + random.nextInt(3); i > 0; i--) {
                long serviceId = services.get(random.nextInt(services.size()));
                String path = "/api/v1/services/" + serviceId;
                String key = random.nextBoolean() ? sharedKey : null;
                switch (random.nextInt(9)) {
                    case 0 -> {
                        String amount = List.of("1.00", "9.99", "10.00", "14.00", "30.00").get(random.nextInt(5));
                        String externalId = random.nextBoolean() ? sharedPayment : "bank-" + UUID.randomUUID();
                        // now and then into its account at another provider, opened by the first such payment
                        long providerId = random.nextInt(4) == 0 ? secondProvider : shop.providerId();
                        what.add("pay " + amount + " at provider " + providerId + " as " + externalId);
                        requests.add(() -> send(ADMIN, HttpMethod.POST, "/api/v1/payments", null, Map.of("clientId",
                                client.id(), "providerId", providerId, "amount", amount, "externalId", externalId)));
                    }
                    case 1 -> {
                        what.add("credit 3.00 under " + key);
                        requests.add(() -> send(ADMIN, HttpMethod.POST, "/api/v1/clients/" + client.id()
                                + "/credits", key, Map.of("amount", "3.00", "description", "goodwill")));
                    }
                    case 2 -> {
                        Map<String, Object> order = new LinkedHashMap<>(order(shop, client));
                        order.put("addons", Map.of("ram", 1024L * (1 + random.nextInt(4))));
                        what.add("order " + order.get("addons") + " under " + key);
                        requests.add(() -> send(client.login(), HttpMethod.POST, "/api/v1/orders", key, order));
                    }
                    case 3 -> {
                        what.add("prolong " + serviceId + " under " + key);
                        requests.add(() -> send(client.login(), HttpMethod.POST, path + "/prolong", key,
                                Map.of("period", "MONTH")));
                    }
                    case 4, 5 -> {
                        long ram = 1024L * (1 + random.nextInt(6));
                        what.add("ram of " + serviceId + " to " + ram + " under " + key);
                        requests.add(() -> send(client.login(), HttpMethod.POST, path + "/parameters", key,
                                Map.of("addons", Map.of("ram", ram))));
                    }
                    case 6 -> {
                        what.add("delete " + serviceId);
                        requests.add(() -> send(random.nextBoolean() ? ADMIN : client.login(), HttpMethod.DELETE,
                                path, null, null));
                    }
                    case 7 -> {
                        boolean suspend = random.nextBoolean();
                        what.add((suspend ? "suspend " : "resume ") + serviceId);
                        requests.add(() -> send(ADMIN, HttpMethod.POST, path + (suspend ? "/suspend" : "/resume"),
                                null, Map.of("reason", "ADMIN")));
                    }
                    default -> {
                        what.add("billing run");
                        requests.add(() -> send(ADMIN, HttpMethod.POST, "/api/v1/billing/run", null, null));
                    }
                }
            }
            List<Reply> replies = AtOnce.all(requests);
            story.add("round " + round + ": " + what + " → " + replies.stream().map(Reply::status).toList());
            replies.stream().filter(r -> r.request().startsWith("POST /api/v1/orders") && r.status() == 201)
                    .map(r -> r.body().get("serviceId").asLong()).distinct().forEach(services::add);
            String told = "seed " + seed + " (-D" + SEED + "=" + seed + "): " + String.join("; ", story);
            assertThat(serverErrors).as(told).isEmpty();
            settle(services);
            checkMoney(told, client.id());
            if (random.nextInt(3) == 0) {
                api.moveClock(ADMIN, api.now(ADMIN).plus(Duration.ofDays(1 + random.nextInt(20))));
                story.add("the clock moves on");
            }
        }
        String told = "seed " + seed + ": " + String.join("; ", story);
        checkServices(told, services);
        checkMoney(told, client.id());
    }

    // --- the checks -------------------------------------------------------------------------------------------------

    /**
     * Every account of the clients: balance = payments − charges + credits, to the cent; the API's lists say the same
     * as the rows; no period of a service charged twice.
     */
    private void checkMoney(long... clientIds) {
        checkMoney("", clientIds);
    }

    private void checkMoney(String told, long... clientIds) {
        for (long clientId : clientIds) {
            for (Map<String, Object> account : jdbc.queryForList("select id, balance from hostflow.account where"
                    + " client_id = ?", clientId)) {
                long accountId = ((Number) account.get("id")).longValue();
                BigDecimal payments = sum("select sum(amount) from hostflow.payment where account_id = ?", accountId);
                BigDecimal charges = sum("select sum(amount) from hostflow.charge where account_id = ?", accountId);
                BigDecimal credits = sum("select sum(amount) from hostflow.credit where account_id = ?", accountId);
                BigDecimal expenses = sum("select sum(e.amount) from hostflow.expense e join hostflow.charge c on"
                        + " c.id = e.charge_id where c.account_id = ?", accountId);
                assertThat((BigDecimal) account.get("balance")).as("%s client %d: %s − %s + %s", told, clientId,
                        payments, charges, credits).isEqualByComparingTo(payments.subtract(charges).add(credits));
                assertThat(expenses).as("%s client %d: expenses add up to the charges", told, clientId)
                        .isEqualByComparingTo(charges);
            }
            BigDecimal apiExpenses = sumOf(api.ok(api.get(ADMIN, "/api/v1/clients/" + clientId + "/expenses")));
            BigDecimal apiPayments = sumOf(api.ok(api.get(ADMIN, "/api/v1/payments?clientId=" + clientId)));
            JsonNode creditsPage = api.ok(api.get(ADMIN, "/api/v1/clients/" + clientId + "/credits"));
            BigDecimal apiCredits = sumOf(creditsPage.has("content") ? creditsPage.get("content") : creditsPage);
            // the lists hold every provider's money, the account one provider's
            BigDecimal balance = BigDecimal.ZERO;
            for (long providerId : jdbc.queryForList("select provider_id from hostflow.account where client_id = ?",
                    Long.class, clientId)) {
                balance = balance.add(new BigDecimal(api.ok(api.get(ADMIN, "/api/v1/clients/" + clientId
                        + "/account?providerId=" + providerId)).get("balance").asText()));
            }
            assertThat(balance).as("%s client %d over the API", told, clientId)
                    .isEqualByComparingTo(apiPayments.subtract(apiExpenses).add(apiCredits));
            List<Map<String, Object>> overlapping = jdbc.queryForList("select a.charge_key as a, b.charge_key as b"
                    + " from hostflow.charge a join hostflow.charge b on a.service_id = b.service_id and a.id < b.id"
                    + " where a.client_id = ? and (a.charge_key like 'order-%' or a.charge_key like 'prolong-%')"
                    + " and (b.charge_key like 'order-%' or b.charge_key like 'prolong-%')"
                    + " and a.period_to is not null and b.period_to is not null"
                    + " and a.period_from < b.period_to and b.period_from < a.period_to", clientId);
            assertThat(overlapping).as("%s periods charged twice", told).isEmpty();
        }
    }

    /**
     * After a billing run: no ACTIVE service with its paid period in the past, unless its BILLING suspension waits
     * for its day (weekend, grace days); no incident; every accepted change and module operation ended.
     */
    private void checkServices(List<Long> services) {
        checkServices("", services);
    }

    private void checkServices(String told, List<Long> services) {
        send(ADMIN, HttpMethod.POST, "/api/v1/billing/run", null, null);
        settle(services);
        Instant now = api.now(ADMIN);
        for (long serviceId : services) {
            String key = Long.toString(serviceId);
            assertThat(runtime.createIncidentQuery().list().stream().filter(i -> i.getProcessInstanceId() != null
                    && runtime.createProcessInstanceQuery().processInstanceId(i.getProcessInstanceId())
                            .processInstanceBusinessKey(key).count() > 0))
                    .as("%s incidents of service %d", told, serviceId).isEmpty();
            // a BILLING suspension or a prolongation may wait, for its day or for money
            assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(key)
                    .processDefinitionKeyIn("ParameterChangeProcess", "ModuleOperationProcess",
                            "ServiceResumeProcess").list()).as("%s unfinished processes of service %d", told,
                                    serviceId).isEmpty();
            Map<String, Object> row = jdbc.queryForMap("select status, paid_until from hostflow.service where id = ?",
                    serviceId);
            boolean unpaid = "ACTIVE".equals(row.get("status")) && row.get("paid_until") != null
                    && ((java.sql.Timestamp) row.get("paid_until")).toInstant().isBefore(now);
            boolean suspensionWaits = runtime.createExecutionQuery().processInstanceBusinessKey(key)
                    .activityId("Gateway_WaitForSuspension").count() > 0;
            assertThat(!unpaid || suspensionWaits).as("%s service %d %s after a billing run at %s: %s", told,
                    serviceId, row, now, api.describe(serviceId)).isTrue();
        }
    }

    private BigDecimal sum(String sql, long id) {
        BigDecimal sum = jdbc.queryForObject(sql, BigDecimal.class, id);
        return sum == null ? BigDecimal.ZERO : sum;
    }

    private static BigDecimal sumOf(JsonNode list) {
        JsonNode items = list.has("content") ? list.get("content") : list;
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode item : items) {
            sum = sum.add(new BigDecimal(item.get("amount").asText()));
        }
        return sum;
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    record Reply(String request, int status, JsonNode body) {
    }

    private Reply send(Login login, HttpMethod method, String path, String key, Object body) {
        try {
            return sendRaw(login, method, path, key, body == null ? null : json.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Reply sendRaw(Login login, HttpMethod method, String path, String key, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        if (key != null) {
            headers.set("Idempotency-Key", key);
        }
        ResponseEntity<String> response = http.withBasicAuth(login.username(), login.password())
                .exchange(path, method, new HttpEntity<>(body, headers), String.class);
        JsonNode parsed;
        try {
            parsed = response.getBody() == null ? json.nullNode() : json.readTree(response.getBody());
        } catch (Exception e) {
            parsed = json.getNodeFactory().textNode(response.getBody());
        }
        Reply reply = new Reply(method + " " + path + " " + body, response.getStatusCode().value(), parsed);
        if (reply.status() >= 500) {
            serverErrors.add(reply.toString());
        }
        return reply;
    }

    @SafeVarargs
    private static <T> List<T> both(Callable<T>... requests) throws Exception {
        return AtOnce.all(List.of(requests));
    }

    private Map<String, Object> order(EndToEndApi.Catalog shop, EndToEndApi.Client client) {
        return Map.of("clientId", client.id(), "tariffId", shop.tariffId(), "period", "MONTH",
                "params", Map.of("os", "debian-12"));
    }

    private long orderActive(EndToEndApi.Catalog shop, EndToEndApi.Client client) {
        return orderActive(shop, client, Map.of());
    }

    private long orderActive(EndToEndApi.Catalog shop, EndToEndApi.Client client, Map<String, Integer> addons) {
        Map<String, Object> order = new LinkedHashMap<>(order(shop, client));
        order.put("addons", addons);
        long serviceId = api.ok(api.post(client.login(), "/api/v1/orders", order)).get("serviceId").asLong();
        settle(List.of(serviceId));
        assertThat(service(client, serviceId).get("status").asText()).as(api.describe(serviceId))
                .isEqualTo("ACTIVE");
        return serviceId;
    }

    private JsonNode service(EndToEndApi.Client client, long serviceId) {
        return api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId));
    }

    /** Waits until the engine rests (QuietEngine); short module timers are brought forward by moving the clock. */
    private void settle(List<Long> services) {
        quiet.settle(QuietEngine.POLL_WAITS, () -> services.stream().map(api::describe).toList().toString());
    }
}
