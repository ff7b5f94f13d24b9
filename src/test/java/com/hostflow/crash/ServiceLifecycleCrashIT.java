package com.hostflow.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.common.database.EmbeddedPostgresServer;

/**
 * Nothing acknowledged is lost when HostFlow is killed. A durable PostgreSQL (started here), the VMmanager 6
 * simulator and HostFlow's built jar each run as their own process; three clients order VPSs and change their RAM,
 * an admin suspends, resumes and now and then deletes them, and the clients' bank sends payments (each until it is
 * acknowledged, every third once more after that, as a bank that missed the answer does), while HostFlow is killed
 * with {@code kill -9} at random moments (during start-up as well as under load) and started again. Then, once it
 * settled:
 * <ul>
 * <li>every order answered 201 exists, with its service and a charge;</li>
 * <li>no VM is doubled (at most one simulator host per service) or orphaned (every host belongs to a live
 * service);</li>
 * <li>every balance equals payments − charges + credits to the cent;</li>
 * <li>every payment answered 2xx is recorded once, for its client and amount, and no external id twice;</li>
 * <li>every service is ACTIVE, SUSPENDED, DELETED or FAILED, or waits with an active process instance and no
 * incident.</li>
 * </ul>
 * Kills: {@code -Dhostflow.crash.kills} (the pom gives 2, a short run for {@code verify}; README has the figures of
 * longer runs).
 */
class ServiceLifecycleCrashIT {

    private static final Logger log = LoggerFactory.getLogger(ServiceLifecycleCrashIT.class);
    private static final int KILLS = Integer.getInteger("hostflow.crash.kills", 20);
    private static final int CLIENTS = 3;
    private static final int ORDERS_PER_CLIENT = Integer.getInteger("hostflow.crash.orders-per-client", 8);
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "crash-admin-password";
    private static final String CLIENT_PASSWORD = "crash-client-password";
    private static final Set<String> FINAL = Set.of("ACTIVE", "SUSPENDED", "DELETED", "FAILED");
    /** how long a start may take to get ready: 30-75 s on an idle 2-core machine, over 3 minutes on a loaded one */
    private static final Duration OUTAGE = Duration.ofMinutes(5);

    private final Path work = Path.of("target", "crash-it", UUID.randomUUID().toString()).toAbsolutePath();
    private final Random random = new Random(Long.getLong("hostflow.crash.seed", System.nanoTime()));
    private EmbeddedPostgresServer postgres;
    private HostFlowProcess simulator;
    private HostFlowProcess hostflow;
    private volatile HostFlowApi admin;
    private final HostFlowOperator operator = new HostFlowOperator(
            () -> new HostFlowApi(hostflow.baseUrl(), ADMIN, ADMIN_PASSWORD));

    /** Orders answered 201: order id → (client id, service id). */
    private final Map<Long, long[]> acknowledgedOrders = new ConcurrentHashMap<>();
    private final Map<Long, String> clientEmails = new ConcurrentHashMap<>();
    private final AtomicBoolean stopWorkload = new AtomicBoolean();
    private final AtomicInteger parameterChanges = new AtomicInteger();
    private final AtomicInteger suspensions = new AtomicInteger();
    private final AtomicInteger deletions = new AtomicInteger();
    /** Payments answered 2xx: external id → client id and amount. */
    private final Map<String, SentPayment> acknowledgedPayments = new ConcurrentHashMap<>();

    private record SentPayment(long clientId, BigDecimal amount) {
    }

    @AfterEach
    void stopEverything() throws IOException {
        stopWorkload.set(true);
        if (hostflow != null) {
            hostflow.kill();
        }
        if (simulator != null) {
            simulator.kill();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void nothingAcknowledgedIsLostThroughKillMinusNine() throws Exception {
        postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0);
        postgres.ensureDatabase("hostflow");
        simulator = HostFlowProcess.simulator(work.resolve("logs")).start()
                .awaitAnswer("/simulator/vmmanager6/_control", Duration.ofMinutes(2));
        HostFlowApi simulatorApi = new HostFlowApi(simulator.baseUrl(), null, null);
        assertThat(simulatorApi.put("/simulator/vmmanager6/_control",
                Map.of("failRate", 0.0, "taskDelayMs", 500, "down", false)).status()).isEqualTo(200);

        // a killed node's jobs and external tasks stay locked 15 s before the next start takes them
        hostflow = HostFlowProcess.onPostgres("hostflow", work.resolve("logs"), postgres, ADMIN, ADMIN_PASSWORD,
                "Y3Jhc2gtdGVzdC1rZXktb2YtMzItYnl0ZXMtbG9uZyE=", Duration.ofSeconds(15));
        hostflow.start().awaitReady(Duration.ofMinutes(5));
        admin = new HostFlowApi(hostflow.baseUrl(), ADMIN, ADMIN_PASSWORD);
        HostFlowOperator.Catalog catalog = operator.catalog("Crash Hosting");
        long tariffId = operator.tariff(catalog,
                operator.module(catalog, simulator.baseUrl() + "/simulator/vmmanager6", null));
        List<Long> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            HostFlowOperator.Client client = operator.client(catalog.provider(), "Crash client " + i,
                    CLIENT_PASSWORD, "1000.00");
            clientEmails.put(client.id(), client.email());
            clients.add(client.id());
        }

        ExecutorService workload = Executors.newFixedThreadPool(CLIENTS + 2);
        List<Future<?>> workers = new ArrayList<>();
        for (long client : clients) {
            workers.add(workload.submit(() -> clientWorkload(client, tariffId)));
        }
        workers.add(workload.submit(this::adminWorkload));
        workers.add(workload.submit(() -> bankWorkload(clients)));

        // warm-up: some services ACTIVE first, so RAM changes and suspensions are in flight when the kills come
        try {
            Awaitility.await("an active service per client").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> services().stream().filter(x -> "ACTIVE".equals(x.get("status").asText()))
                            .map(x -> x.get("clientId").asLong()).distinct().count() >= CLIENTS);
        } catch (ConditionTimeoutException e) {
            log.warn("not every client has an active service before the kills");
        }

        long started = System.nanoTime();
        long startUpMillis = 20_000;
        for (int kill = 1; kill <= KILLS; kill++) {
            // half of the kills hit the start-up (JVM, Flyway, the engine, the first job acquisitions) at a random
            // moment within the time a start takes; the others hit a running node under load
            boolean duringStartUp = random.nextBoolean();
            if (!duringStartUp) {
                long before = System.nanoTime();
                hostflow.awaitReady(OUTAGE);
                startUpMillis = Math.max(2_000, Duration.ofNanos(System.nanoTime() - before).toMillis());
            }
            pause(Duration.ofMillis(duringStartUp ? 1_000 + (long) (random.nextDouble() * startUpMillis)
                    : 1_000 + random.nextInt(9_000)));
            hostflow.kill();
            log.info("kill {} of {} ({}), {} orders acknowledged so far", kill, KILLS,
                    duringStartUp ? "during start-up" : "under load", acknowledgedOrders.size());
            hostflow.start();
        }
        hostflow.awaitReady(OUTAGE);
        log.info("{} kills in {} s", KILLS, Duration.ofNanos(System.nanoTime() - started).toSeconds());

        stopWorkload.set(true);
        workload.shutdown();
        for (Future<?> worker : workers) {
            worker.get(5, TimeUnit.MINUTES);
        }
        admin = new HostFlowApi(hostflow.baseUrl(), ADMIN, ADMIN_PASSWORD);
        assertThat(acknowledgedOrders).as("orders acknowledged under the kills").isNotEmpty();
        assertThat(acknowledgedPayments).as("payments acknowledged under the kills").isNotEmpty();

        List<String> problems = new ArrayList<>();
        try {
            Awaitility.await("every service in a final state").atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(2)).until(() -> servicesNotFinal().isEmpty());
        } catch (ConditionTimeoutException e) {
            log.warn("services still not final after settling: {}", servicesNotFinal());
        }
        long activated = services().stream().map(x -> x.get("status").asText())
                .filter(status -> status.equals("ACTIVE") || status.equals("SUSPENDED")).count();
        if (activated == 0) {
            problems.add("no acknowledged order was ever activated: the run tested no activation");
        }
        checkOrders(problems);
        operator.checkVms(problems, simulator.baseUrl());
        operator.checkBalances(problems, clients);
        checkPayments(problems, clients);
        checkUnfinishedServices(problems);
        log.info("crash test: {} kills, {} orders ({} active or suspended at the end), {} parameter changes, {}"
                + " suspensions, {} deletions, {} payments; problems: {}", KILLS, acknowledgedOrders.size(), activated,
                parameterChanges.get(), suspensions.get(), deletions.get(), acknowledgedPayments.size(),
                problems.size());
        assertThat(problems).as("what the kills broke (logs in %s)", work).isEmpty();
    }

    // --- the workload

    /** Orders and RAM changes, interleaved, one request at a time, for the whole run (through every outage). */
    private Void clientWorkload(long clientId, long tariffId) throws Exception {
        int orders = 0;
        while (!stopWorkload.get()) {
            HostFlowApi client = new HostFlowApi(hostflow.baseUrl(), clientEmails.get(clientId), CLIENT_PASSWORD);
            try {
                Long active = anyService(clientId, "ACTIVE");
                if (orders < ORDERS_PER_CLIENT && (active == null || random.nextBoolean())) {
                    var answer = client.post("/api/v1/orders", Map.of("clientId", clientId, "tariffId", tariffId,
                            "period", "MONTH", "addons", Map.of("ram", 1024), "params", Map.of("os", "ubuntu-24.04")));
                    if (answer.status() == 201) {
                        JsonNode order = answer.json();
                        acknowledgedOrders.put(order.get("orderId").asLong(),
                                new long[] {clientId, order.get("serviceId").asLong()});
                        orders++;
                    } else if (answer.status() != 503) {
                        throw new IllegalStateException("order answered " + answer.status() + ": " + answer.body());
                    }
                } else if (active != null) {
                    long ram = 1024L * (1 + random.nextInt(4));
                    var answer = client.post("/api/v1/services/" + active + "/parameters",
                            Map.of("addons", Map.of("ram", ram)));
                    if (answer.status() / 100 == 2) {
                        parameterChanges.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // HostFlow is down: try again in a moment
            }
            awaitAnything();
        }
        return null;
    }

    private Void adminWorkload() throws Exception {
        while (!stopWorkload.get()) {
            try {
                HostFlowApi currentAdmin = new HostFlowApi(hostflow.baseUrl(), ADMIN, ADMIN_PASSWORD);
                Long active = anyService(null, "ACTIVE");
                Long suspended = anyService(null, "SUSPENDED");
                if (active != null && random.nextInt(8) == 0) {
                    // at once (an admin's deletion): the VM must go, once, whatever kill comes between
                    if (currentAdmin.delete("/api/v1/services/" + active).status() / 100 == 2) {
                        deletions.incrementAndGet();
                    }
                } else if (active != null && (suspended == null || random.nextBoolean())) {
                    if (currentAdmin.post("/api/v1/services/" + active + "/suspend",
                            Map.of("reason", "ADMIN", "comment", "crash test")).status() / 100 == 2) {
                        suspensions.incrementAndGet();
                    }
                } else if (suspended != null) {
                    currentAdmin.post("/api/v1/services/" + suspended + "/resume", Map.of("reason", "ADMIN"));
                }
            } catch (IOException e) {
                // HostFlow is down: try again in a moment
            }
            awaitAnything();
        }
        return null;
    }

    /**
     * The clients' bank: payments of a few euros and cents, each sent until it is answered 2xx (a kill or a 503 in
     * between: the same external id again), and every third one sent once more after that, as a bank that did not
     * hear the answer does; HostFlow must record each once.
     */
    private Void bankWorkload(List<Long> clients) throws Exception {
        int sent = 0;
        String externalId = null;
        SentPayment payment = null;
        while (!stopWorkload.get()) {
            if (externalId == null) {
                externalId = "crash-bank-" + ++sent;
                payment = new SentPayment(clients.get(random.nextInt(clients.size())),
                        BigDecimal.valueOf(100 + random.nextInt(900), 2));
            }
            try {
                HostFlowApi bank = new HostFlowApi(hostflow.baseUrl(), ADMIN, ADMIN_PASSWORD);
                Map<String, Object> body = Map.of("clientId", payment.clientId(), "amount",
                        payment.amount().toPlainString(), "externalId", externalId);
                var answer = bank.post("/api/v1/payments", body);
                if (answer.status() / 100 == 2) {
                    acknowledgedPayments.put(externalId, payment);
                    if (sent % 3 == 0) {
                        var again = bank.post("/api/v1/payments", body);
                        if (again.status() != 200 && again.status() != 503) {
                            throw new IllegalStateException("payment " + externalId + " sent again answered "
                                    + again.status() + ": " + again.body());
                        }
                    }
                    externalId = null;
                } else if (answer.status() != 503) {
                    throw new IllegalStateException("payment answered " + answer.status() + ": " + answer.body());
                }
            } catch (IOException e) {
                // HostFlow is down, or went down before its answer: the same payment again in a moment
            }
            awaitAnything();
        }
        return null;
    }

    /** A service of the client (any client when null) in the given status, or null. */
    private Long anyService(Long clientId, String status) throws IOException, InterruptedException {
        List<Long> matching = new ArrayList<>();
        for (JsonNode service : services()) {
            if ((clientId == null || service.get("clientId").asLong() == clientId)
                    && status.equals(service.get("status").asText())) {
                matching.add(service.get("id").asLong());
            }
        }
        return matching.isEmpty() ? null : matching.get(random.nextInt(matching.size()));
    }

    /** Paces a worker: one request per client about every second, as people would click. */
    private void awaitAnything() {
        Awaitility.await().pollDelay(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() -> true);
    }

    private static void pause(Duration duration) {
        Awaitility.await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
    }

    // --- the checks

    private void checkOrders(List<String> problems) throws Exception {
        for (Map.Entry<Long, long[]> order : acknowledgedOrders.entrySet()) {
            long orderId = order.getKey();
            long clientId = order.getValue()[0];
            long serviceId = order.getValue()[1];
            if (admin.get("/api/v1/orders/" + orderId).status() != 200) {
                problems.add("order " + orderId + " was answered 201 and is gone");
            }
            if (admin.get("/api/v1/services/" + serviceId).status() != 200) {
                problems.add("service " + serviceId + " of acknowledged order " + orderId + " is gone");
            }
            JsonNode expenses = admin.getJson("/api/v1/clients/" + clientId + "/expenses?serviceId=" + serviceId
                    + "&size=500");
            JsonNode lines = expenses.has("content") ? expenses.get("content") : expenses;
            if (lines.isEmpty()) {
                problems.add("acknowledged order " + orderId + " (service " + serviceId + ") has no charge");
            }
        }
    }

    private void checkPayments(List<String> problems, List<Long> clients) throws Exception {
        Map<String, List<JsonNode>> recorded = new HashMap<>();
        for (long clientId : clients) {
            for (JsonNode payment : HostFlowOperator.allRows(admin, "/api/v1/payments?clientId=" + clientId)) {
                recorded.computeIfAbsent(payment.path("externalId").asText(), k -> new ArrayList<>()).add(payment);
            }
        }
        recorded.forEach((externalId, payments) -> {
            if (payments.size() > 1) {
                problems.add("payment " + externalId + " is recorded " + payments.size() + " times");
            }
        });
        acknowledgedPayments.forEach((externalId, sent) -> {
            List<JsonNode> payments = recorded.getOrDefault(externalId, List.of());
            if (payments.isEmpty()) {
                problems.add("payment " + externalId + " was answered 2xx and is gone");
            } else if (payments.get(0).path("clientId").asLong() != sent.clientId()
                    || new BigDecimal(payments.get(0).path("amount").asText()).compareTo(sent.amount()) != 0) {
                problems.add("payment " + externalId + " of " + sent + " is recorded as " + payments.get(0));
            }
        });
    }

    private void checkUnfinishedServices(List<String> problems) throws Exception {
        for (JsonNode service : servicesNotFinal()) {
            String id = service.get("id").asText();
            JsonNode active = admin.getJson("/engine-rest/process-instance/count?businessKey=" + id
                    + "&active=true");
            JsonNode incidents = admin.getJson("/engine-rest/incident/count?processInstanceBusinessKey=" + id);
            if (active.path("count").asInt() == 0) {
                problems.add("service " + id + " is " + service.get("status").asText()
                        + " and no process instance is active to finish it");
            } else if (incidents.path("count").asInt() > 0) {
                problems.add("service " + id + " is " + service.get("status").asText() + " with "
                        + incidents.path("count").asInt() + " incident(s): nothing finishes it by itself");
            }
        }
    }

    private List<JsonNode> servicesNotFinal() throws IOException, InterruptedException {
        List<JsonNode> open = new ArrayList<>();
        for (JsonNode service : services()) {
            if (!FINAL.contains(service.get("status").asText())) {
                open.add(service);
            }
        }
        return open;
    }

    private List<JsonNode> services() throws IOException, InterruptedException {
        return operator.services();
    }
}
