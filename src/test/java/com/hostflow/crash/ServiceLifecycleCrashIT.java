package com.hostflow.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
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
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hostflow.common.database.EmbeddedPostgresServer;

/**
 * Nothing acknowledged is lost when HostFlow is killed. A durable PostgreSQL (started here), the VMmanager 6
 * simulator and HostFlow's built jar each run as their own process; three clients order VPSs and change their RAM,
 * an admin suspends, resumes and now and then deletes them, and the clients' bank sends payments (each until it is
 * acknowledged, every third once more after that, as a bank that missed the answer does). Billing runs come every
 * few seconds, each after a few services were made due (their {@code paid_until} moved a day back by SQL: the
 * {@code postgres} profile has no movable clock; each service once, and only one with no prolongation charged yet,
 * so its periods stay one after the other); the clients prolong services themselves, delete one at the end of its
 * paid period (the {@code vds} product type's {@code onClientDelete}) and now and then withdraw that deletion. A
 * fourth client pays for its orders to the cent and is short when they fall due: its prolongations suspend for
 * BILLING and wait, and the bank's payments, or its own prolongation or deletion, end the wait. All this while
 * HostFlow is killed with {@code kill -9} at random moments (during start-up as well as under load) and started
 * again. Then, once it settled
 * (billing runs again until no due service is left unclaimed):
 * <ul>
 * <li>every order answered 201 exists, with its service and a charge;</li>
 * <li>no VM is doubled (at most one simulator host per service) or orphaned (every host belongs to a live
 * service);</li>
 * <li>every balance equals payments − charges + credits to the cent;</li>
 * <li>every payment answered 2xx is recorded once, for its client and amount, and no external id twice;</li>
 * <li>every service is ACTIVE, SUSPENDED, DELETED or FAILED, or waits with an active process instance and no
 * incident;</li>
 * <li>no service is charged twice for a period (its {@code prolong-} charges never overlap);</li>
 * <li>every service made due was prolonged past its due day (a prolongation charged since), is suspended for BILLING
 * with its prolongation waiting, or is deleted;</li>
 * <li>a client's deletion answered 202 is done or still waits for the period's end, unless it was withdrawn; a
 * withdrawn one was not carried out;</li>
 * <li>no claim is stuck: a {@code prolongation_claim} is held by a running prolongation of a live service, a pending
 * deletion ({@code delete_at}) by its running {@code deletion_instance}.</li>
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
    /** the short client's money: its orders to the cent (5.00 a month each), nothing left for their next periods */
    private static final int SHORT_CLIENT_ORDERS = 3;
    private static final String SHORT_CLIENT_PAYMENT = "15.00";
    /** services made due per billing run */
    private static final int DUE_PER_RUN = 2;
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
    /** Services made due by SQL: service id → the paid-until they were given and when (the database's clock). */
    private final Map<Long, MadeDue> madeDue = new ConcurrentHashMap<>();
    private final AtomicInteger billingRuns = new AtomicInteger();
    /** set once a client saw a service of its suspended for BILLING: until then the bank pays the short one nothing */
    private final AtomicBoolean suspendedForBilling = new AtomicBoolean();
    private final AtomicInteger prolongations = new AtomicInteger();
    /** Clients' deletions at the period's end answered 202: service id → client id. */
    private final Map<Long, Long> clientDeletions = new ConcurrentHashMap<>();
    /** ... of them not withdrawn yet (nor tried) */
    private final Map<Long, Long> withdrawable = new ConcurrentHashMap<>();
    /** ... of them withdrawn (answered 202), and those whose withdrawal got no answer (it may have happened) */
    private final Set<Long> withdrawn = ConcurrentHashMap.newKeySet();
    private final Set<Long> withdrawnMaybe = ConcurrentHashMap.newKeySet();

    private record SentPayment(long clientId, BigDecimal amount) {
    }

    private record MadeDue(Instant paidUntil, Instant at) {
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
        // the simulator's JVM starts while PostgreSQL does, and HostFlow while the simulator does: nothing here needs
        // another one ready before it starts
        simulator = HostFlowProcess.simulator(work.resolve("logs")).start();
        postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0);
        postgres.ensureDatabase("hostflow");
        // a killed node's jobs and external tasks stay locked 15 s before the next start takes them
        hostflow = HostFlowProcess.onPostgres("hostflow", work.resolve("logs"), postgres, ADMIN, ADMIN_PASSWORD,
                "Y3Jhc2gtdGVzdC1rZXktb2YtMzItYnl0ZXMtbG9uZyE=", Duration.ofSeconds(15));
        hostflow.start();
        simulator.awaitAnswer("/simulator/vmmanager6/_control", OUTAGE);
        HostFlowApi simulatorApi = new HostFlowApi(simulator.baseUrl(), null, null);
        assertThat(simulatorApi.put("/simulator/vmmanager6/_control",
                Map.of("failRate", 0.0, "taskDelayMs", 500, "down", false)).status()).isEqualTo(200);
        hostflow.awaitReady(Duration.ofMinutes(5));
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
        suspendForBillingOnWeekendsToo();
        HostFlowOperator.Client shortOfMoney = operator.client(catalog.provider(), "Crash short client",
                CLIENT_PASSWORD, SHORT_CLIENT_PAYMENT);
        clientEmails.put(shortOfMoney.id(), shortOfMoney.email());
        for (int i = 0; i < SHORT_CLIENT_ORDERS; i++) {
            JsonNode order = order(shortOfMoney.id(), tariffId).json();
            acknowledgedOrders.put(order.get("orderId").asLong(),
                    new long[] {shortOfMoney.id(), order.get("serviceId").asLong()});
        }
        List<Long> allClients = new ArrayList<>(clients);
        allClients.add(shortOfMoney.id());

        ExecutorService workload = Executors.newFixedThreadPool(CLIENTS + 4);
        List<Future<?>> workers = new ArrayList<>();
        for (long client : clients) {
            workers.add(workload.submit(() -> clientWorkload(client, tariffId, ORDERS_PER_CLIENT)));
        }
        workers.add(workload.submit(() -> clientWorkload(shortOfMoney.id(), tariffId, 0)));
        workers.add(workload.submit(this::adminWorkload));
        workers.add(workload.submit(() -> bankWorkload(allClients, shortOfMoney.id())));

        // warm-up: some services ACTIVE first, so RAM changes, suspensions and billing runs are in flight when the
        // kills come
        try {
            Awaitility.await("an active service per client").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> services().stream().filter(x -> "ACTIVE".equals(x.get("status").asText()))
                            .map(x -> x.get("clientId").asLong()).distinct().count() >= allClients.size());
        } catch (ConditionTimeoutException e) {
            log.warn("not every client has an active service before the kills");
        }
        // the short client's services fall due first, so their BILLING suspensions and resumptions meet the kills
        workers.add(workload.submit(() -> billingWorkload(shortOfMoney.id())));

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
            // a service a client's prolongation held when the last run looked, and let go unpaid, waits for the
            // next run, as it would for the next night's: runs again until none is left
            Awaitility.await("every service in a final state, every due one billed").atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(2)).until(this::settled);
        } catch (ConditionTimeoutException e) {
            log.warn("services still not final after settling: {}; due and unclaimed: {}", servicesNotFinal(),
                    dueAndUnclaimed());
        }
        long activated = services().stream().map(x -> x.get("status").asText())
                .filter(status -> status.equals("ACTIVE") || status.equals("SUSPENDED")).count();
        if (activated == 0) {
            problems.add("no acknowledged order was ever activated: the run tested no activation");
        }
        checkOrders(problems);
        operator.checkVms(problems, simulator.baseUrl());
        operator.checkBalances(problems, allClients);
        checkPayments(problems, allClients);
        checkUnfinishedServices(problems);
        checkNoPeriodChargedTwice(problems);
        Map<String, Integer> dueOutcomes = checkDueServices(problems);
        checkClientDeletions(problems);
        checkClaims(problems);
        log.info("crash test: {} kills, {} orders ({} active or suspended at the end), {} parameter changes, {}"
                + " suspensions, {} deletions, {} payments; {} billing runs, {} services made due ({}), {}"
                + " prolongations by clients, {} deletions at the period's end ({} withdrawn); problems: {}", KILLS,
                acknowledgedOrders.size(), activated, parameterChanges.get(), suspensions.get(), deletions.get(),
                acknowledgedPayments.size(), billingRuns.get(), madeDue.size(), dueOutcomes, prolongations.get(),
                clientDeletions.size(), withdrawn.size(), problems.size());
        problems.forEach(problem -> log.error("problem: {}", problem));
        assertThat(problems).as("what the kills broke (logs in %s)", work).isEmpty();
    }

    // --- the workload

    /**
     * Orders (up to {@code orders}) and RAM changes, interleaved, one request at a time, for the whole run (through
     * every outage); now and then a prolongation (of a service suspended for BILLING first), a deletion at the end of
     * the paid period (two at most) or the withdrawal of one.
     */
    private Void clientWorkload(long clientId, long tariffId, int orders) throws Exception {
        int ordered = 0;
        while (!stopWorkload.get()) {
            HostFlowApi client = new HostFlowApi(hostflow.baseUrl(), clientEmails.get(clientId), CLIENT_PASSWORD);
            try {
                List<JsonNode> services = services();
                Long active = anyService(services, clientId, "ACTIVE");
                Long unpaid = anySuspendedForBilling(services, clientId);
                if (unpaid != null) {
                    suspendedForBilling.set(true);
                }
                Long deleted = withdrawable.entrySet().stream().filter(e -> e.getValue() == clientId)
                        .map(Map.Entry::getKey).findAny().orElse(null);
                int dice = random.nextInt(10);
                if (ordered < orders && (active == null || random.nextBoolean())) {
                    var answer = order(clientId, tariffId);
                    if (answer.status() == 201) {
                        JsonNode order = answer.json();
                        acknowledgedOrders.put(order.get("orderId").asLong(),
                                new long[] {clientId, order.get("serviceId").asLong()});
                        ordered++;
                    } else if (answer.status() != 503) {
                        throw new IllegalStateException("order answered " + answer.status() + ": " + answer.body());
                    }
                } else if (deleted != null && dice == 0 && random.nextBoolean()) {
                    withdrawable.remove(deleted);
                    withdrawnMaybe.add(deleted);
                    if (client.delete("/api/v1/services/" + deleted + "/deletion").status() == 202) {
                        withdrawn.add(deleted);
                    }
                    withdrawnMaybe.remove(deleted);
                } else if (unpaid != null && dice <= 2 || active != null && dice == 1) {
                    long service = unpaid != null ? unpaid : active;
                    if (client.post("/api/v1/services/" + service + "/prolong", Map.of("period", "MONTH"))
                            .status() / 100 == 2) {
                        prolongations.incrementAndGet();
                    }
                } else if ((dice == 3 || dice == 4)
                        && clientDeletions.values().stream().filter(c -> c == clientId).count() < 2) {
                    Long service = unpaid != null ? unpaid : active;
                    if (service != null && !withdrawn.contains(service) && !withdrawnMaybe.contains(service)
                            && client.delete("/api/v1/services/" + service).status() == 202) {
                        clientDeletions.put(service, clientId);
                        withdrawable.put(service, clientId);
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

    private HostFlowApi.Answer order(long clientId, long tariffId) throws IOException, InterruptedException {
        return new HostFlowApi(hostflow.baseUrl(), clientEmails.get(clientId), CLIENT_PASSWORD).post("/api/v1/orders",
                Map.of("clientId", clientId, "tariffId", tariffId, "period", "MONTH", "addons", Map.of("ram", 1024),
                        "params", Map.of("os", "ubuntu-24.04")));
    }

    /**
     * Every few seconds a few services made due (the short client's first), then a billing run: through the kills,
     * so runs are cut short at any point, and runs overlap the clients' prolongations, deletions and the payments.
     */
    private Void billingWorkload(long shortClientId) throws Exception {
        boolean first = true;
        while (!stopWorkload.get()) {
            try {
                List<Long> candidates = new ArrayList<>();
                List<Long> shortClients = new ArrayList<>();
                for (JsonNode service : services()) {
                    long id = service.get("id").asLong();
                    if (Set.of("ACTIVE", "SUSPENDED").contains(service.get("status").asText())
                            && !madeDue.containsKey(id)) {
                        (service.get("clientId").asLong() == shortClientId ? shortClients : candidates).add(id);
                    }
                }
                java.util.Collections.shuffle(candidates, random);
                List<Long> due = new ArrayList<>(first ? shortClients : List.of());
                due.addAll(candidates.subList(0, Math.min(DUE_PER_RUN, candidates.size())));
                for (long service : due) {
                    makeDue(service);
                }
                first = false;
                runBilling();
            } catch (IOException e) {
                // HostFlow is down: the services made due wait for the next run
            }
            pause(Duration.ofSeconds(2 + random.nextInt(4)));
        }
        return null;
    }

    /**
     * The service's paid period ended yesterday: its paid-until a day back, when nothing holds it (no prolongation,
     * no deletion pending, no prolongation charged yet), under its row lock.
     */
    private void makeDue(long serviceId) throws SQLException {
        try (Connection database = DriverManager.getConnection(postgres.jdbcUrl("hostflow"))) {
            database.setAutoCommit(false);
            List<Object[]> free = rows(database, "select status from hostflow.service where id = " + serviceId
                    + " and status in ('ACTIVE', 'SUSPENDED') and prolongation_claim is null and delete_at is null"
                    + " and paid_until > now() for update");
            // the lock taken: this statement sees every charge committed before it
            if (free.isEmpty() || !rows(database, "select 1 from hostflow.charge where service_id = " + serviceId
                    + " and charge_key like 'prolong-%'").isEmpty()) {
                database.rollback();
                return;
            }
            Object[] moved = rows(database, "update hostflow.service set paid_until = now() - interval '1 day'"
                    + " where id = " + serviceId + " returning paid_until, now()").get(0);
            database.commit();
            madeDue.put(serviceId, new MadeDue(((Timestamp) moved[0]).toInstant(),
                    ((Timestamp) moved[1]).toInstant()));
        }
    }

    /** Starts a billing run; whether it was answered 202. */
    private boolean runBilling() throws IOException, InterruptedException {
        var answer = new HostFlowApi(hostflow.baseUrl(), ADMIN, ADMIN_PASSWORD).post("/api/v1/billing/run", Map.of());
        if (answer.status() == 202) {
            billingRuns.incrementAndGet();
            return true;
        }
        if (answer.status() != 503) {
            throw new IllegalStateException("billing run answered " + answer.status() + ": " + answer.body());
        }
        return false;
    }

    /**
     * Every service final, no billing run running and no service made due left unclaimed: a service a client's
     * prolongation held when the last run looked (and gave back unpaid) waits for the next run, as it would for the
     * next night's, so one is started then.
     */
    private boolean settled() throws Exception {
        if (!servicesNotFinal().isEmpty() || billingRunsRunning() > 0) {
            return false;
        }
        if (dueAndUnclaimed().isEmpty()) {
            return true;
        }
        runBilling();
        return false;
    }

    private int billingRunsRunning() throws IOException, InterruptedException {
        return admin.getJson("/engine-rest/process-instance/count?processDefinitionKey=BillingRunProcess")
                .path("count").asInt();
    }

    /** The services made due that are still due, live, and that no prolongation or deletion holds. */
    private List<Long> dueAndUnclaimed() throws SQLException {
        if (madeDue.isEmpty()) {
            return List.of();
        }
        return rows("select id from hostflow.service where id in (" + ids(madeDue.keySet()) + ") and paid_until"
                + " <= now() and status in ('ACTIVE', 'SUSPENDED') and prolongation_claim is null and delete_at is null"
                + " order by id").stream().map(row -> ((Number) row[0]).longValue()).toList();
    }

    private Void adminWorkload() throws Exception {
        while (!stopWorkload.get()) {
            try {
                HostFlowApi currentAdmin = new HostFlowApi(hostflow.baseUrl(), ADMIN, ADMIN_PASSWORD);
                List<JsonNode> services = services();
                Long active = anyService(services, null, "ACTIVE");
                Long suspended = anyService(services, null, "SUSPENDED");
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
    private Void bankWorkload(List<Long> clients, long shortClientId) throws Exception {
        int sent = 0;
        String externalId = null;
        SentPayment payment = null;
        while (!stopWorkload.get()) {
            if (externalId == null) {
                externalId = "crash-bank-" + ++sent;
                long payer = clients.get(random.nextInt(clients.size()));
                if (payer != shortClientId) {
                    payment = new SentPayment(payer, BigDecimal.valueOf(100 + random.nextInt(900), 2));
                } else if (suspendedForBilling.get()) {
                    // less than a period's price: a few of them resume a service
                    payment = new SentPayment(payer, BigDecimal.valueOf(100 + random.nextInt(300), 2));
                } else {
                    // nothing for the short client before a service of its is suspended for BILLING
                    payment = new SentPayment(clients.get(0), BigDecimal.valueOf(100 + random.nextInt(900), 2));
                }
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

    /** One of the client's {@code services} suspended for BILLING (its prolongation waits for money), or null. */
    private Long anySuspendedForBilling(List<JsonNode> services, long clientId) {
        List<Long> matching = new ArrayList<>();
        for (JsonNode service : services) {
            if (service.get("clientId").asLong() == clientId && "SUSPENDED".equals(service.get("status").asText())
                    && service.path("statusReasons").toString().contains("BILLING")) {
                matching.add(service.get("id").asLong());
            }
        }
        return matching.isEmpty() ? null : matching.get(random.nextInt(matching.size()));
    }

    /**
     * The {@code vds} product type, which deletes a client's service at the end of its paid period, suspends for
     * BILLING on weekends too here: a run on a Saturday would otherwise leave every unpaid service running until
     * Monday.
     */
    private void suspendForBillingOnWeekendsToo() throws IOException, InterruptedException {
        ObjectNode vds = (ObjectNode) admin.getJson("/api/v1/product-types/vds");
        assertThat(vds.path("onClientDelete").asText()).isEqualTo("END_OF_PAID_PERIOD");
        vds.put("noSuspendOnWeekends", false);
        var answer = admin.put("/api/v1/product-types/vds", vds);
        assertThat(answer.status()).as("vds: %s", answer.body()).isEqualTo(200);
    }

    /**
     * Among {@code services}, one of the client's (any client's when null) in the given status, or null. A worker reads
     * the services once a round and picks from that list (it read them for each pick: twice the requests, ~14 lists a
     * second from the five workers, CPU of a machine the other crash tests' starts share).
     */
    private Long anyService(List<JsonNode> services, Long clientId, String status) {
        List<Long> matching = new ArrayList<>();
        for (JsonNode service : services) {
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

    /** A period charged twice: two prolongation charges of one service whose periods overlap. */
    private void checkNoPeriodChargedTwice(List<String> problems) throws SQLException {
        for (Object[] row : rows("select a.service_id, a.charge_key, a.period_from, a.period_to, b.charge_key,"
                + " b.period_from, b.period_to from hostflow.charge a join hostflow.charge b on b.service_id ="
                + " a.service_id and b.id > a.id where a.charge_key like 'prolong-%' and b.charge_key like 'prolong-%'"
                + " and a.period_from < coalesce(b.period_to, 'infinity') and b.period_from < coalesce(a.period_to,"
                + " 'infinity') order by a.service_id")) {
            problems.add("service " + row[0] + " is charged twice for one period: " + row[1] + " (" + row[2] + " to "
                    + row[3] + ") and " + row[4] + " (" + row[5] + " to " + row[6] + ")");
        }
    }

    /**
     * Every service made due was prolonged past its due day (a prolongation charged since it was made due), waits
     * suspended for BILLING with its prolongation holding the claim, or is deleted. Answers how many of each.
     */
    private Map<String, Integer> checkDueServices(List<String> problems) throws Exception {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Map.Entry<Long, MadeDue> due : madeDue.entrySet()) {
            long id = due.getKey();
            JsonNode service = admin.getJson("/api/v1/services/" + id);
            String status = service.get("status").asText();
            boolean billing = service.path("statusReasons").toString().contains("BILLING");
            String chargedSince = " from hostflow.charge c where c.service_id = s.id and c.charge_key like 'prolong-%'"
                    + " and c.charged_at >= to_timestamp(" + due.getValue().at().toEpochMilli() + " / 1000.0)";
            Object[] row = rows("select paid_until, prolongation_claim, (select count(*)" + chargedSince
                    + "), (select min(c.period_from)" + chargedSince + ") from hostflow.service s where s.id = " + id)
                    .get(0);
            Instant paidUntil = ((Timestamp) row[0]).toInstant();
            long charged = ((Number) row[2]).longValue();
            // a period that starts after the due day: a BILLING suspension's prolongation, which starts it today
            boolean afterSuspension = row[3] != null && ((java.sql.Date) row[3]).toLocalDate()
                    .isAfter(due.getValue().paidUntil().atZone(java.time.ZoneOffset.UTC).toLocalDate());
            String outcome;
            if (status.equals("DELETED")) {
                outcome = "deleted";
            } else if (billing && row[1] != null) {
                outcome = "waiting for money";
            } else if (paidUntil.isAfter(due.getValue().paidUntil()) && paidUntil.isAfter(Instant.now())
                    && charged > 0) {
                outcome = afterSuspension ? "prolonged after a BILLING suspension" : "prolonged";
            } else {
                outcome = "neither";
                problems.add("service " + id + " made due (paid until " + due.getValue().paidUntil() + ") is " + status
                        + " " + service.path("statusReasons") + ", paid until " + paidUntil + ", " + charged
                        + " prolongation(s) charged since, claim " + row[1] + ": neither prolonged, nor waiting"
                        + " suspended for BILLING, nor deleted");
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        return outcomes;
    }

    /**
     * A client's deletion at the period's end answered 202 is done or still waits, unless it was withdrawn; a
     * withdrawn one was not carried out (an admin's deletion since is the admin's).
     */
    private void checkClientDeletions(List<String> problems) throws Exception {
        for (long id : clientDeletions.keySet()) {
            if (withdrawnMaybe.contains(id)) {
                continue;
            }
            JsonNode service = admin.getJson("/api/v1/services/" + id);
            String status = service.get("status").asText();
            String reason = service.path("deletionReason").asText();
            boolean waits = !service.path("deleteAt").isNull() && !service.path("deleteAt").isMissingNode();
            if (withdrawn.contains(id)) {
                if (status.equals("DELETED") && reason.equals("CLIENT_AT_PERIOD_END") || !status.equals("DELETED")
                        && waits) {
                    problems.add("service " + id + " is " + status + " (" + reason + ", deleteAt "
                            + service.path("deleteAt") + ") though its deletion was withdrawn");
                }
            } else if (!status.equals("DELETED") && !waits) {
                problems.add("service " + id + " is " + status + " with no deletion on record though its client's"
                        + " deletion was answered 202 and never withdrawn");
            }
        }
    }

    /**
     * No claim stuck: a prolongation claim is held by a running prolongation of a live service, a pending deletion
     * ({@code delete_at} of a service not DELETED) by its running deletion instance.
     */
    private void checkClaims(List<String> problems) throws Exception {
        for (Object[] row : rows("select id, status, prolongation_claim from hostflow.service"
                + " where prolongation_claim is not null order by id")) {
            int running = admin.getJson("/engine-rest/process-instance/count?processDefinitionKey="
                    + "ServiceProlongationProcess&businessKey=" + row[0]).path("count").asInt();
            if (running == 0 || "DELETED".equals(row[1])) {
                problems.add("service " + row[0] + " (" + row[1] + ") keeps prolongation claim " + row[2] + " with "
                        + running + " prolongation(s) running");
            }
        }
        for (Object[] row : rows("select id, status, delete_at, deletion_instance from hostflow.service"
                + " where delete_at is not null and status <> 'DELETED' order by id")) {
            if (row[3] == null || admin.get("/engine-rest/process-instance/" + row[3]).status() != 200) {
                problems.add("service " + row[0] + " (" + row[1] + ") keeps delete_at " + row[2]
                        + " and deletion_instance " + row[3] + ", which is not running");
            }
        }
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

    private List<Object[]> rows(String sql) throws SQLException {
        try (Connection database = DriverManager.getConnection(postgres.jdbcUrl("hostflow"))) {
            return rows(database, sql);
        }
    }

    private static List<Object[]> rows(Connection database, String sql) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement statement = database.prepareStatement(sql);
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                Object[] row = new Object[result.getMetaData().getColumnCount()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = result.getObject(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String ids(Set<Long> ids) {
        return ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }
}
