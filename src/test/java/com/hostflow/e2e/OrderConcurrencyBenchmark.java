package com.hostflow.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.management.Metrics;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import com.hostflow.e2e.BenchmarkSupport.Customer;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.history.HostFlowHistoryLevel;
import com.hostflow.lifecycle.ExternalTaskHandler;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.ExternalTaskHandlers;
import com.hostflow.support.IntegrationTest;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Orders from 1, 8 and 32 concurrent clients (each its own HTTP client and login, ordering over the REST API, paid
 * from the balance) on a VPS tariff of the VMmanager 6 simulator (task delay 0, module queue off), and beside each
 * level, in the same run on the same engine and database, the bare-engine baseline: a process of no-op service tasks
 * with {@code asyncBefore}, as many as one order takes asynchronous steps (external tasks and jobs, counted during the
 * warm-up), started by as many threads; and a second baseline whose steps are external tasks with a no-op handler on
 * HostFlow's own workers (fetch and lock, the lease, complete), the kind of step an order's module calls are.
 * Reported per level: order → ACTIVE throughput, p50/p99 latency, Hikari connection timeouts, the baselines'
 * throughput and the ratios. All run production's history level. Run by {@code
 * ./mvnw -B -Pbenchmark test -Dtest=OrderConcurrencyBenchmark}; sizes: {@code -Dbench.clients=1,8,32
 * -Dbench.orders=192 -Dbench.orders.single=48 -Dbench.warmup=192}, warm-up rounds until the JIT compiler threads
 * take less than {@code -Dbench.warmup.jit-quiet=0.05} of the JVM's CPU in one, at most {@code
 * -Dbench.warmup.max-seconds=240}; then orders at a fixed rate ({@code -Dbench.rate=20
 * -Dbench.rate.seconds=15}, 0 to skip) for the latency at that rate.
 */
@IntegrationTest
@TestPropertySource(properties = "camunda.bpm.history-level=" + HostFlowHistoryLevel.LEAN_NAME)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OrderConcurrencyBenchmark {

    static final String BASELINE = "BenchmarkBaselineProcess";
    static final String EXTERNAL_BASELINE = "BenchmarkExternalTaskBaselineProcess";
    static final String NO_OP_TOPIC = "benchmark-no-op";
    private static final Login ADMIN = new Login("demo", "demo");
    private static final int[] CLIENTS = Arrays.stream(System.getProperty("bench.clients", "1,8,32").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    private static final int ORDERS = Integer.getInteger("bench.orders", 192);
    private static final int ORDERS_SINGLE = Integer.getInteger("bench.orders.single", 48);
    /** Orders per warm-up round. */
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 192);
    /** The warm-up ends after the first round in which the JIT compiler threads took less than this share of CPU, */
    private static final double JIT_QUIET = Double.parseDouble(System.getProperty("bench.warmup.jit-quiet", "0.05"));
    /** or after this long (on 2 cores they still took ~20% after 5 minutes), or after one where /proc cannot tell. */
    private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(Integer.getInteger("bench.warmup.max-seconds",
            240));
    private static final double RATE = Double.parseDouble(System.getProperty("bench.rate", "20"));
    private static final int RATE_SECONDS = Integer.getInteger("bench.rate.seconds", 15);
    private static final int RATE_CLIENTS = 32;
    private static final Duration LIMIT = Duration.ofMinutes(Integer.getInteger("bench.limit-minutes", 15));

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    RepositoryService repository;
    @Autowired
    ProcessEngine engine;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    VmManager6Simulator simulator;
    @LocalServerPort
    int port;

    private EndToEndApi api;
    private Catalog catalog;

    @Test
    void ordersFromConcurrentClients() throws Exception {
        api = new EndToEndApi(http, runtime, management);
        simulator.control(new SimulatorControl(0.0, 0, false));
        String unique = UUID.randomUUID().toString().substring(0, 8);
        catalog = api.catalog(ADMIN, port, "conc-" + unique, "admin@example.com", "secret");

        // warm-up: not reported, but it tells how many async steps an order takes. On 2 cores the JIT compilers go on
        // for minutes and take their CPU from the rounds measured: rounds until they take little of a round's CPU
        long warmStart = System.nanoTime();
        double[] stepsBefore = asyncStepsSoFar();
        int warmOrders = 0;
        double jitShare;
        do {
            double jitBefore = BenchmarkSupport.jitCpuSeconds();
            double jvmBefore = BenchmarkSupport.cpuSeconds()[0];
            orders("warm-up", 8, WARM_UP);
            warmOrders += WARM_UP;
            jitShare = (BenchmarkSupport.jitCpuSeconds() - jitBefore) / (BenchmarkSupport.cpuSeconds()[0] - jvmBefore);
            System.out.printf("BENCHMARK warm-up: JIT compiler threads %.0f%% of the JVM's CPU%n", jitShare * 100);
        } while (jitShare >= JIT_QUIET && System.nanoTime() - warmStart < WARM_UP_LIMIT.toNanos());
        double[] stepsAfter = asyncStepsSoFar();
        double externalTasksPerOrder = (stepsAfter[0] - stepsBefore[0]) / warmOrders;
        double jobsPerOrder = (stepsAfter[1] - stepsBefore[1]) / warmOrders;
        int baselineSteps = Math.max(1, (int) Math.round(externalTasksPerOrder + jobsPerOrder));
        repository.createDeployment().name("benchmark-baseline")
                .addModelInstance(BASELINE + ".bpmn", baselineProcess(baselineSteps))
                .addModelInstance(EXTERNAL_BASELINE + ".bpmn", externalTaskBaselineProcess(baselineSteps)).deploy();
        baseline("warm-up", BASELINE, 8, WARM_UP * 6);
        baseline("warm-up-external", EXTERNAL_BASELINE, 8, WARM_UP * 6);
        double warmSeconds = (System.nanoTime() - warmStart) / 1e9;
        double jitBefore = BenchmarkSupport.jitCpuSeconds();
        double jvmBefore = BenchmarkSupport.cpuSeconds()[0];

        List<String> rows = new ArrayList<>();
        for (int clients : CLIENTS) {
            int count = clients == 1 ? ORDERS_SINGLE : ORDERS;
            count = Math.max(clients, count / clients * clients);
            BaselineRound base = baseline("level-" + clients, BASELINE, clients, count);
            BaselineRound external = baseline("level-" + clients + "-external", EXTERNAL_BASELINE, clients, count);
            OrderRound order = orders("level-" + clients, clients, count);
            rows.add(String.format("| %d | %d | %.1f s | **%.2f/s** | %d / %d ms | %d ms | %s | %d | %.0f + %.0f ms"
                    + " | %.1f/s | %d / %d ms | %.0f + %.0f ms | **%.2f×** | %.1f/s | %.0f + %.0f ms | **%.2f×** |",
                    clients, count, order.seconds, order.throughput(), order.p(50), order.p(99),
                    percentileOf(order.postMillis, 50), order.timeoutsText(), order.failed, order.cpu[0],
                    order.cpu[1], base.throughput(), base.p(50), base.p(99), base.cpu[0], base.cpu[1],
                    order.throughput() / base.throughput(), external.throughput(), external.cpu[0], external.cpu[1],
                    order.throughput() / external.throughput()));
        }

        double jit = BenchmarkSupport.jitCpuSeconds() - jitBefore;
        double jvm = BenchmarkSupport.cpuSeconds()[0] - jvmBefore;
        StringBuilder text = new StringBuilder();
        text.append("Machine: ").append(BenchmarkSupport.machine(jdbc)).append("\n\n");
        text.append(String.format("History level %s (production's). Warm-up: %d orders from 8 clients and %d"
                + " instances of each baseline, %.0f s. Async steps per order to ACTIVE, counted during the warm-up: %.2f"
                + " external tasks and %.2f jobs (async continuations, timers); baseline process: %d async no-op"
                + " steps (job executor), and as many external tasks with a no-op handler on HostFlow's workers in the"
                + " second. In the last warm-up round the JIT compiler threads took %.0f%% of the JVM's CPU; during"
                + " the rounds below (orders and baseline) %.1f s of its %.1f s.%n%n", HostFlowHistoryLevel.LEAN_NAME,
                warmOrders, WARM_UP * 6, warmSeconds, externalTasksPerOrder, jobsPerOrder, baselineSteps,
                jitShare * 100, jit, jvm));
        text.append("| clients | orders | all ACTIVE after | order→ACTIVE | latency p50 / p99 | POST /orders p50"
                + " | Hikari timeouts | not ACTIVE | CPU per order (JVM + PostgreSQL) | bare engine | its latency"
                + " p50 / p99 | CPU per instance | ratio | no-op external tasks on HostFlow's workers | CPU per"
                + " instance | ratio |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> text.append(r).append('\n'));
        if (RATE > 0) {
            // the latency target is set at a rate, not at a number of clients: orders at RATE per second, open loop
            int count = (int) Math.round(RATE * RATE_SECONDS);
            OrderRound paced = orders("rate-" + RATE, RATE_CLIENTS, count, RATE);
            text.append(String.format("%nAt a fixed rate: %d orders at %.0f per second (%d s, open loop, from %d"
                    + " clients; simulator task time 0): all ACTIVE after %.1f s, latency order → ACTIVE p50 %d ms,"
                    + " p99 %d ms, max %d ms; POST /orders p50 %d ms, p99 %d ms; Hikari timeouts %s; not ACTIVE %d;"
                    + " CPU per order %.0f + %.0f ms.%n", count, RATE, RATE_SECONDS, RATE_CLIENTS, paced.seconds,
                    paced.p(50), paced.p(99), paced.p(100), percentileOf(paced.postMillis, 50),
                    percentileOf(paced.postMillis, 99), paced.timeoutsText(), paced.failed, paced.cpu[0],
                    paced.cpu[1]));
        }
        BenchmarkSupport.report("orders-concurrent", text.toString());
    }

    // --- orders ---------------------------------------------------------------------------------------------------

    private OrderRound orders(String name, int clients, int count) throws Exception {
        return orders(name, clients, count, 0);
    }

    /**
     * @param ratePerSecond above 0: the orders go out at this total rate, each on a schedule of its own whatever the
     *                      earlier ones take (open loop); 0: each client orders again as soon as its last order was
     *                      answered (closed loop)
     */
    private OrderRound orders(String name, int clients, int count, double ratePerSecond) throws Exception {
        List<Customer> customers = BenchmarkSupport.customers(api, ADMIN, port, catalog.providerId(), clients,
                name + "-" + UUID.randomUUID().toString().substring(0, 6), "100000.00");
        String clientIds = customers.stream().map(c -> Long.toString(c.clientId)).collect(Collectors.joining(","));
        double timeoutsBefore = BenchmarkSupport.connectionTimeouts(meters);
        List<Long> postMillis = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(clients);
        double[] cpuBefore = BenchmarkSupport.cpuSeconds();
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            if (ratePerSecond > 0) {
                for (int i = 0; i < count; i++) {
                    Customer customer = customers.get(i % clients);
                    done.add(pool.schedule(() -> timedOrder(customer, postMillis),
                            Math.round(i * 1e9 / ratePerSecond), TimeUnit.NANOSECONDS));
                }
            } else {
                for (Customer customer : customers) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < count / clients; i++) {
                            timedOrder(customer, postMillis);
                        }
                    }));
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        String settled = "select count(*) from hostflow.service where client_id in (" + clientIds
                + ") and status in ('ACTIVE', 'FAILED')";
        try {
            Awaitility.await(name + ": every order ACTIVE or FAILED").atMost(LIMIT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> jdbc.queryForObject(settled, Long.class) >= count);
        } catch (ConditionTimeoutException e) {
            System.out.println("BENCHMARK " + name + ": not all orders settled within " + LIMIT);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] cpu = cpuSince(cpuBefore, count);
        double timeouts = BenchmarkSupport.connectionTimeouts(meters) - timeoutsBefore;
        List<Long> latencies = jdbc.queryForList("select (extract(epoch from (updated_at - created_at)) * 1000)::bigint"
                + " from hostflow.service where client_id in (" + clientIds + ") and status = 'ACTIVE' order by 1",
                Long.class);
        long failed = jdbc.queryForObject("select count(*) from hostflow.service where client_id in (" + clientIds
                + ") and status <> 'ACTIVE'", Long.class);
        OrderRound round = new OrderRound(count, seconds, latencies, new ArrayList<>(postMillis), timeouts,
                BenchmarkSupport.connectionTimeoutsMetered(meters), failed, cpu);
        System.out.printf("BENCHMARK %s: %d clients, %d orders, %.1f s, %.2f orders/s, p50 %d ms, p99 %d ms,"
                + " timeouts %s, not ACTIVE %d%n", name, clients, count, seconds, round.throughput(), round.p(50),
                round.p(99), round.timeoutsText(), failed);
        return round;
    }

    private long timedOrder(Customer customer, List<Long> postMillis) {
        long t = System.nanoTime();
        long serviceId = customer.order(catalog.tariffId());
        postMillis.add((System.nanoTime() - t) / 1_000_000);
        return serviceId;
    }

    record OrderRound(int count, double seconds, List<Long> latencies, List<Long> postMillis, double timeouts,
            boolean metered, long failed, double[] cpu) {

        double throughput() {
            return (count - failed) / seconds;
        }

        long p(double p) {
            return BenchmarkSupport.percentile(latencies, p);
        }

        String timeoutsText() {
            return metered ? Long.toString(Math.round(timeouts)) : "not metered";
        }
    }

    /** Milliseconds of CPU per item since {@code before}: JVM, PostgreSQL. */
    private static double[] cpuSince(double[] before, int items) {
        double[] now = BenchmarkSupport.cpuSeconds();
        return new double[] {(now[0] - before[0]) * 1000 / items, (now[1] - before[1]) * 1000 / items};
    }

    private static long percentileOf(List<Long> values, double p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return BenchmarkSupport.percentile(sorted, p);
    }

    // --- the bare engine ------------------------------------------------------------------------------------------

    private BaselineRound baseline(String name, String processKey, int threads, int count) throws Exception {
        String prefix = "baseline-" + name + "-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        double[] cpuBefore = BenchmarkSupport.cpuSeconds();
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < count / threads; i++) {
                        runtime.startProcessInstanceByKey(processKey, prefix + thread + "-" + i);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        int expected = count / threads * threads;
        String finished = "select count(*) from act_hi_procinst where business_key_ like ? and end_time_ is not null";
        try {
            Awaitility.await(name + ": every baseline instance ended").atMost(LIMIT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> jdbc.queryForObject(finished, Long.class, prefix + "%") >= expected);
        } catch (ConditionTimeoutException e) {
            System.out.println("BENCHMARK " + name + ": not all baseline instances ended within " + LIMIT);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] cpu = cpuSince(cpuBefore, expected);
        List<Long> latencies = jdbc.queryForList("select (extract(epoch from (end_time_ - start_time_)) * 1000)"
                + "::bigint from act_hi_procinst where business_key_ like ? and end_time_ is not null order by 1",
                Long.class, prefix + "%");
        BaselineRound round = new BaselineRound(latencies.size(), seconds, latencies, cpu);
        System.out.printf("BENCHMARK baseline %s: %d threads, %d instances, %.1f s, %.2f instances/s, p50 %d ms,"
                + " p99 %d ms%n", name, threads, expected, seconds, round.throughput(), round.p(50), round.p(99));
        return round;
    }

    record BaselineRound(int count, double seconds, List<Long> latencies, double[] cpu) {

        double throughput() {
            return count / seconds;
        }

        long p(double p) {
            return BenchmarkSupport.percentile(latencies, p);
        }
    }

    // --- counting async steps -------------------------------------------------------------------------------------

    /**
     * External tasks the workers reported and jobs the job executor ran, so far: the lean history keeps no activity
     * instances to count them from.
     */
    private double[] asyncStepsSoFar() {
        double externalTasks = meters.find("hostflow.external.tasks").tag("outcome", "reported").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDbMetricsReporter().reportNow();
        double jobs = management.createMetricsQuery().name(Metrics.JOB_SUCCESSFUL).sum();
        return new double[] {externalTasks, jobs};
    }

    /** Start, {@code steps} no-op service tasks each with {@code asyncBefore}, end. */
    static BpmnModelInstance baselineProcess(int steps) {
        AbstractFlowNodeBuilder<?, ?> builder = Bpmn.createExecutableProcess(BASELINE).name("Bare-engine baseline")
                .camundaHistoryTimeToLive(1).startEvent("StartEvent_Started");
        for (int step = 1; step <= steps; step++) {
            builder = builder.serviceTask("Task_Step" + step).name("No-op step " + step).camundaAsyncBefore()
                    .camundaExpression("${true}");
        }
        return builder.endEvent("EndEvent_Done").done();
    }

    /** Start, {@code steps} external tasks of the no-op topic, end. */
    static BpmnModelInstance externalTaskBaselineProcess(int steps) {
        AbstractFlowNodeBuilder<?, ?> builder = Bpmn.createExecutableProcess(EXTERNAL_BASELINE)
                .name("Bare-engine baseline, external tasks").camundaHistoryTimeToLive(1)
                .startEvent("StartEvent_Started");
        for (int step = 1; step <= steps; step++) {
            builder = builder.serviceTask("Task_Step" + step).name("No-op step " + step)
                    .camundaExternalTask(NO_OP_TOPIC);
        }
        return builder.endEvent("EndEvent_Done").done();
    }

    /** The no-op handler of the external-task baseline, on HostFlow's own workers: fetch, lock, complete. */
    @TestConfiguration
    static class NoOpExternalTask {

        @Bean
        ExternalTaskHandler benchmarkNoOpHandler() {
            return ExternalTaskHandlers.handler(NO_OP_TOPIC, (task, completion) -> completion.complete(task, Map::of));
        }
    }
}
