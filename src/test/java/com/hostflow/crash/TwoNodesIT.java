package com.hostflow.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.common.database.EmbeddedPostgresServer;

/**
 * Two HostFlow nodes (the built jar, twice, {@code postgres} profile) on one PostgreSQL and one VMmanager 6
 * simulator, each its own process, as {@code docker compose up --scale hostflow=2} runs them. Clients order through
 * both nodes; then, in this order:
 * <ol>
 * <li><b>A queue of N slots holds across nodes</b>: a module that runs operations in a queue of 2 slots, a slow
 * simulator, many orders at once through both nodes; the running turns of its queue (sampled in the database) and
 * the tasks the simulator ran at once (counted by the simulator, exactly) never exceed 2, and every order completes.</li>
 * <li><b>One billing run, not two</b>: services made due (their {@code paid_until} moved back by SQL: the
 * {@code postgres} profile has no movable clock), then {@code POST /api/v1/billing/run} on both nodes at the same
 * moment; each due service got one prolongation, one charge for the period and a paid-until a month on.</li>
 * <li><b>A killed node's work is finished by the other</b>: while module calls run (the simulator answers slowly),
 * node A is killed with {@code kill -9} holding locked module calls; node B finishes every order after the locks
 * expire (15 s here), completing those very calls; no VM is doubled or orphaned, every balance is exact.</li>
 * <li><b>Work was spread</b>: the engine's history names node A among the hosts that executed jobs
 * ({@code ACT_HI_JOB_LOG.HOSTNAME_}) or the workers that completed module calls ({@code ACT_HI_EXT_TASK_LOG}), and
 * node B among both.</li>
 * </ol>
 * The nodes run with {@code camunda.bpm.history-level=full} (production: {@code audit-with-decisions-lean}) so that the
 * history keeps the job and external-task logs that name the node; nothing else differs.
 */
class TwoNodesIT {

    private static final Logger log = LoggerFactory.getLogger(TwoNodesIT.class);
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "two-nodes-admin-password";
    private static final String CLIENT_PASSWORD = "two-nodes-client-password";
    private static final int QUEUE_SLOTS = 2;
    private static final int QUEUED_ORDERS = 10;
    private static final int ORDERS_UNDER_KILL = 8;
    private static final int CLIENTS = 4;
    private static final Duration LOCK = Duration.ofSeconds(15);
    private static final Duration START = Duration.ofMinutes(5);

    private final Path work = Path.of("target", "two-nodes-it", UUID.randomUUID().toString()).toAbsolutePath();
    private EmbeddedPostgresServer postgres;
    private HostFlowProcess simulator;
    private HostFlowProcess nodeA;
    private HostFlowProcess nodeB;
    private Connection database;
    /** The node the checks ask: A until it is killed, then B. */
    private volatile HostFlowProcess alive;
    private final HostFlowOperator operator = new HostFlowOperator(() -> admin(alive));

    @AfterEach
    void stopEverything() throws IOException, SQLException {
        if (database != null) {
            database.close();
        }
        for (HostFlowProcess process : new HostFlowProcess[] {nodeA, nodeB, simulator}) {
            if (process != null) {
                process.kill();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void twoNodesShareTheWorkTheQueueAndTheBillingRunAndOneFinishesWhatTheOtherLeft() throws Exception {
        long started = System.nanoTime();
        postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0);
        postgres.ensureDatabase("hostflow");
        simulator = HostFlowProcess.simulator(work.resolve("logs")).start()
                .awaitAnswer("/simulator/vmmanager6/_control", START);
        controlSimulator(Map.of("failRate", 0.0, "taskDelayMs", 2000, "down", false));
        // both at once on the empty database, as compose starts its replicas
        nodeA = node("node-a").start();
        nodeB = node("node-b").start();
        nodeA.awaitReady(START);
        nodeB.awaitReady(START);
        alive = nodeA;
        log.info("both nodes ready after {} s", seconds(started));
        database = DriverManager.getConnection(postgres.jdbcUrl("hostflow"));

        String simulatorUrl = simulator.baseUrl() + "/simulator/vmmanager6";
        HostFlowOperator.Catalog catalog = operator.catalog("Two Nodes Hosting");
        long queuedModule = operator.module(catalog, simulatorUrl,
                Map.of("runInQueue", true, "queues", QUEUE_SLOTS, "queueKey", "cluster"));
        long queuedTariff = operator.tariff(catalog, queuedModule);
        long freeTariff = operator.tariff(catalog, operator.module(catalog, simulatorUrl, null));
        List<HostFlowOperator.Client> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(operator.client(catalog.provider(), "Two nodes client " + i, CLIENT_PASSWORD, "1000.00"));
        }

        List<Long> queued = queueHoldsAcrossNodes(queuedModule, queuedTariff, clients);
        billingRunIsNotDoubled(queued);
        List<Long> underKill = killedNodesWorkIsFinishedByTheOther(freeTariff, clients);
        // last: before the kill one node may take every job (CI once saw node A run all 48); after it, node B did
        workIsSpreadOverBothNodes();

        List<String> problems = new ArrayList<>();
        operator.checkVms(problems, simulator.baseUrl());
        operator.checkBalances(problems, clients.stream().map(HostFlowOperator.Client::id).toList());
        for (JsonNode service : operator.services()) {
            if (!"ACTIVE".equals(service.get("status").asText())) {
                problems.add("service " + service.get("id") + " is " + service.get("status").asText());
            }
        }
        assertThat(operator.services()).as("every order's service").hasSize(queued.size() + underKill.size());
        assertThat(problems).as("after both nodes worked and one was killed (logs in %s)", work).isEmpty();
        log.info("two nodes: {} orders, whole run {} s", queued.size() + underKill.size(), seconds(started));
    }

    // --- 1. the queue

    private List<Long> queueHoldsAcrossNodes(long module, long tariff, List<HostFlowOperator.Client> clients)
            throws Exception {
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger maxWaiting = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(QUEUED_ORDERS + 1);
        try {
            Future<Integer> sampler = threads.submit(() -> sampleQueue(module, sampling, maxRunning, maxWaiting));
            List<Long> services = orderAtOnce(threads, tariff, clients, QUEUED_ORDERS);
            awaitActive(services, Duration.ofMinutes(3));
            sampling.set(false);
            int samples = sampler.get(1, TimeUnit.MINUTES);
            int simulatorMax = simulatorState().get("maxRunningTasks").asInt();
            log.info("queue of {} slots: {} orders through both nodes; at most {} running and {} waiting in {}"
                    + " samples, the simulator ran at most {} tasks at once", QUEUE_SLOTS, QUEUED_ORDERS,
                    maxRunning.get(), maxWaiting.get(), samples, simulatorMax);
            assertThat(maxRunning.get()).as("operations holding a turn at once").isBetween(1, QUEUE_SLOTS);
            assertThat(simulatorMax).as("tasks the simulator ran at once (only this module worked)")
                    .isBetween(1, QUEUE_SLOTS);
            assertThat(maxWaiting.get()).as("operations that waited for a turn: the queue was used").isPositive();
            return services;
        } finally {
            sampling.set(false);
            threads.shutdownNow();
        }
    }

    /** Counts the module's running and waiting turns every 50 ms; answers how many samples it took. */
    private int sampleQueue(long module, AtomicBoolean sampling, AtomicInteger maxRunning, AtomicInteger maxWaiting)
            throws SQLException {
        int samples = 0;
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("hostflow"));
                PreparedStatement count = connection.prepareStatement("select"
                        + " count(*) filter (where e.running), count(*) filter (where not e.running)"
                        + " from hostflow.module_queue_entry e join hostflow.module_queue q on q.id = e.queue_id"
                        + " where q.module_id = ? and q.queue_value <> 'service'")) {
            count.setLong(1, module);
            while (sampling.get()) {
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    maxRunning.accumulateAndGet(row.getInt(1), Math::max);
                    maxWaiting.accumulateAndGet(row.getInt(2), Math::max);
                }
                samples++;
                Awaitility.await().pollDelay(Duration.ofMillis(50)).atMost(Duration.ofSeconds(5)).until(() -> true);
            }
        }
        return samples;
    }

    // --- 2. the billing run

    private void billingRunIsNotDoubled(List<Long> due) throws Exception {
        String ids = due.stream().map(String::valueOf).collect(Collectors.joining(","));
        // the postgres profile's clock is the system clock: the services are made due instead of the clock moved
        int moved = update("update hostflow.service set paid_until = now() - interval '1 day'"
                + " where id in (" + ids + ")");
        assertThat(moved).isEqualTo(due.size());
        Map<Long, java.sql.Timestamp> dueAt = new java.util.HashMap<>();
        query("select id, paid_until from hostflow.service where id in (" + ids + ")",
                row -> dueAt.put(row.getLong(1), row.getTimestamp(2)));

        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<String> runs = new ArrayList<>();
        try {
            List<Future<HostFlowApi.Answer>> answers = new ArrayList<>();
            for (HostFlowProcess node : List.of(nodeA, nodeB)) {
                answers.add(threads.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return admin(node).post("/api/v1/billing/run", Map.of());
                }));
            }
            for (Future<HostFlowApi.Answer> answer : answers) {
                HostFlowApi.Answer run = answer.get(1, TimeUnit.MINUTES);
                assertThat(run.status()).as("billing run: %s", run.body()).isEqualTo(202);
                runs.add(run.json().get("processInstanceId").asText());
            }
        } finally {
            threads.shutdownNow();
        }
        HostFlowApi admin = admin(alive);
        Awaitility.await("both billing runs ended and every prolongation with them").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    for (String run : runs) {
                        if (!"COMPLETED".equals(admin.getJson("/engine-rest/history/process-instance/" + run)
                                .path("state").asText())) {
                            return false;
                        }
                    }
                    return count("select count(*) from hostflow.service where id in (" + ids + ")"
                            + " and (prolongation_claim is not null or paid_until < now())") == 0;
                });

        List<String> problems = new ArrayList<>();
        for (long service : due) {
            int charges = count("select count(*) from hostflow.charge where service_id = " + service
                    + " and charge_key like 'prolong-%'");
            int prolongations = admin.getJson("/engine-rest/history/process-instance/count?processDefinitionKey="
                    + "ServiceProlongationProcess&processInstanceBusinessKey=" + service).path("count").asInt();
            // a period ends at the same time of day (UTC) a month on
            java.time.Instant expected = dueAt.get(service).toInstant().atZone(java.time.ZoneOffset.UTC)
                    .plusMonths(1).toInstant();
            List<java.time.Instant> paidUntil = new ArrayList<>();
            query("select paid_until from hostflow.service where id = " + service,
                    row -> paidUntil.add(row.getTimestamp(1).toInstant()));
            if (charges != 1 || prolongations != 1 || !paidUntil.equals(List.of(expected))) {
                problems.add("service " + service + ": " + charges + " prolongation charges, " + prolongations
                        + " prolongation processes, paid until " + paidUntil + " (expected " + expected + ")");
            }
        }
        log.info("billing run on both nodes at once: {} due services, runs {}, problems {}", due.size(), runs,
                problems);
        assertThat(problems).as("each due service prolonged and charged once").isEmpty();
    }

    // --- 3. the kill

    private List<Long> killedNodesWorkIsFinishedByTheOther(long tariff, List<HostFlowOperator.Client> clients)
            throws Exception {
        // a slow VMmanager: every call takes 1.5 s, so a node always has module calls in hand
        controlSimulator(Map.of("taskDelayMs", 3000, "answerDelayMs", 1500));
        ExecutorService threads = Executors.newFixedThreadPool(ORDERS_UNDER_KILL);
        List<Long> services = new ArrayList<>();
        try {
            // whichever node fetches first takes the tasks, and node B's workers can take every one of them, node A's
            // orders' too: order again until node A holds a module call
            boolean heldByA = false;
            for (int round = 1; !heldByA && round <= 5; round++) {
                services.addAll(orderAtOnce(threads, tariff, clients, ORDERS_UNDER_KILL));
                try {
                    Awaitility.await("node A holds a module call").atMost(Duration.ofSeconds(15))
                            .pollInterval(Duration.ofMillis(20)).until(() -> !heldByNodeA().isEmpty());
                    heldByA = true;
                } catch (ConditionTimeoutException e) {
                    log.info("round {} of orders: node B took every module call", round);
                }
            }
        } finally {
            threads.shutdownNow();
        }
        nodeA.kill();
        alive = nodeB;
        Set<String> orphaned = heldByNodeA();
        log.info("node A killed holding external tasks {}", orphaned);
        assertThat(orphaned).as("module calls node A held when it was killed").isNotEmpty();
        controlSimulator(Map.of("taskDelayMs", 500, "answerDelayMs", 0));

        long killed = System.nanoTime();
        awaitActive(services, Duration.ofMinutes(3));
        log.info("node B finished the {} orders {} s after the kill", services.size(), seconds(killed));
        for (String task : orphaned) {
            assertThat(count("select count(*) from act_hi_ext_task_log where ext_task_id_ = '" + task + "'"
                    + " and state_ = 2 and worker_id_ like 'node-b/%'"))
                    .as("external task %s node A held: completed by node B", task).isEqualTo(1);
        }
        return services;
    }

    /** External tasks node A has locked and not completed. */
    private Set<String> heldByNodeA() throws SQLException {
        Set<String> held = new HashSet<>();
        query("select id_ from act_ru_ext_task where worker_id_ like 'node-a/%' and lock_exp_time_ > now()",
                row -> held.add(row.getString(1)));
        return held;
    }

    // --- 4. the spread

    private void workIsSpreadOverBothNodes() throws SQLException {
        Map<String, Integer> jobsByHost = countBy("select hostname_, count(*) from act_hi_job_log"
                + " where job_state_ = 2 group by hostname_");
        Map<String, Integer> callsByWorker = countBy("select split_part(worker_id_, '/', 1), count(*)"
                + " from act_hi_ext_task_log where state_ = 2 group by 1");
        log.info("jobs executed per node: {}; module calls completed per node: {}", jobsByHost, callsByWorker);
        // which node's executor takes a job is a race (usually the node whose engine created it), so node A is asked
        // for either kind of work; node B, alone after the kill, surely did both
        Set<String> nodesThatWorked = new HashSet<>(jobsByHost.keySet());
        nodesThatWorked.addAll(callsByWorker.keySet());
        assertThat(nodesThatWorked).as("nodes that executed jobs or completed module calls").contains("node-a");
        assertThat(jobsByHost).as("successful jobs per engine host name").containsKey("node-b");
        assertThat(callsByWorker).as("completed external tasks per worker's node").containsKey("node-b");
    }

    // --- helpers

    private HostFlowProcess node(String name) {
        // the job and external-task logs name the node that did the work
        return HostFlowProcess.onPostgres(name, work.resolve("logs"), postgres, ADMIN, ADMIN_PASSWORD,
                "dHdvLW5vZGVzLXRlc3Qta2V5LW9mLTMyLWJ5dGVzISE=", LOCK, "--hostflow.node-name=" + name,
                "--camunda.bpm.history-level=full");
    }

    private static HostFlowApi admin(HostFlowProcess node) {
        return new HostFlowApi(node.baseUrl(), ADMIN, ADMIN_PASSWORD);
    }

    /** {@code count} orders at the same moment, alternately through node A and node B; answers their services. */
    private List<Long> orderAtOnce(ExecutorService threads, long tariff, List<HostFlowOperator.Client> clients,
            int count) throws Exception {
        CyclicBarrier together = new CyclicBarrier(count);
        List<Future<Long>> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HostFlowProcess node = i % 2 == 0 ? nodeA : nodeB;
            HostFlowOperator.Client client = clients.get(i % clients.size());
            orders.add(threads.submit(() -> {
                HostFlowApi api = new HostFlowApi(node.baseUrl(), client.email(), CLIENT_PASSWORD);
                together.await(30, TimeUnit.SECONDS);
                HostFlowApi.Answer answer = api.post("/api/v1/orders", Map.of("clientId", client.id(),
                        "tariffId", tariff, "period", "MONTH", "addons", Map.of("ram", 2048),
                        "params", Map.of("os", "ubuntu-24.04")));
                if (answer.status() != 201) {
                    throw new IllegalStateException("order answered " + answer.status() + ": " + answer.body());
                }
                return answer.json().get("serviceId").asLong();
            }));
        }
        List<Long> services = new ArrayList<>();
        for (Future<Long> order : orders) {
            services.add(order.get(2, TimeUnit.MINUTES));
        }
        return services;
    }

    private void awaitActive(List<Long> services, Duration timeout) {
        Awaitility.await(services.size() + " services ACTIVE").atMost(timeout).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Set<Long> active = new HashSet<>();
                    for (JsonNode service : operator.services()) {
                        if ("ACTIVE".equals(service.get("status").asText())) {
                            active.add(service.get("id").asLong());
                        }
                    }
                    return active.containsAll(services);
                });
    }

    private void controlSimulator(Map<String, Object> settings) throws IOException, InterruptedException {
        HostFlowApi.Answer answer = new HostFlowApi(simulator.baseUrl(), null, null)
                .put("/simulator/vmmanager6/_control", settings);
        assertThat(answer.status()).as("simulator control: %s", answer.body()).isEqualTo(200);
    }

    private JsonNode simulatorState() throws IOException, InterruptedException {
        return new HostFlowApi(simulator.baseUrl(), null, null).getJson("/simulator/vmmanager6/_control");
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void query(String sql, RowReader reader) throws SQLException {
        try (PreparedStatement statement = database.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                reader.read(rows);
            }
        }
    }

    private int count(String sql) throws SQLException {
        AtomicInteger count = new AtomicInteger();
        query(sql, row -> count.set(row.getInt(1)));
        return count.get();
    }

    private Map<String, Integer> countBy(String sql) throws SQLException {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        query(sql, row -> counts.put(String.valueOf(row.getString(1)), row.getInt(2)));
        return counts;
    }

    private int update(String sql) throws SQLException {
        try (PreparedStatement statement = database.prepareStatement(sql)) {
            return statement.executeUpdate();
        }
    }

    private static long seconds(long sinceNanos) {
        return Duration.ofNanos(System.nanoTime() - sinceNanos).toSeconds();
    }
}
