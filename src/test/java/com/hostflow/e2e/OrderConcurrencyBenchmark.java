package com.hostflow.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import com.hostflow.e2e.BenchmarkSupport.Customer;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Orders from 1, 8 and 32 concurrent clients (each its own HTTP client and login, ordering over the REST API, paid
 * from the balance) on a VPS tariff of the VMmanager 6 simulator (task delay 0, module queue off), and beside each
 * level, in the same run on the same engine and database, the bare-engine baseline: {@code
 * benchmark/BenchmarkBaselineProcess.bpmn}, with as many no-op asynchronous steps as one order takes, started by as
 * many threads. Reported per level: order → ACTIVE throughput, p50/p99 latency, Hikari connection timeouts, the
 * baseline's throughput and the ratio. Run by {@code ./mvnw -B -Pbenchmark test -Dtest=OrderConcurrencyBenchmark};
 * sizes: {@code -Dbench.clients=1,8,32 -Dbench.orders=192 -Dbench.orders.single=48 -Dbench.warmup=96}.
 */
@IntegrationTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OrderConcurrencyBenchmark {

    static final String BASELINE = "BenchmarkBaselineProcess";
    private static final Login ADMIN = new Login("demo", "demo");
    private static final int[] CLIENTS = Arrays.stream(System.getProperty("bench.clients", "1,8,32").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    private static final int ORDERS = Integer.getInteger("bench.orders", 192);
    private static final int ORDERS_SINGLE = Integer.getInteger("bench.orders.single", 48);
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 96);
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
        repository.createDeployment().name("benchmark-baseline")
                .addClasspathResource("benchmark/" + BASELINE + ".bpmn").deploy();
        int baselineSteps = asyncSteps(repository.getBpmnModelInstance(repository.createProcessDefinitionQuery()
                .processDefinitionKey(BASELINE).latestVersion().singleResult().getId()), null);

        // warm-up: the JIT needs it on 2 cores; not reported, but it tells how many async steps an order takes
        long warmStart = System.nanoTime();
        OrderRound warm = orders("warm-up", 8, WARM_UP);
        baseline("warm-up", 8, WARM_UP * 3);
        Map<Integer, Integer> stepsPerOrder = orderAsyncSteps(warm.serviceIds);
        double warmSeconds = (System.nanoTime() - warmStart) / 1e9;

        List<String> rows = new ArrayList<>();
        for (int clients : CLIENTS) {
            int count = clients == 1 ? ORDERS_SINGLE : ORDERS;
            count = Math.max(clients, count / clients * clients);
            BaselineRound base = baseline("level-" + clients, clients, count);
            OrderRound order = orders("level-" + clients, clients, count);
            rows.add(String.format("| %d | %d | %.1f s | **%.2f/s** | %d / %d ms | %d ms | %s | %d | %.0f + %.0f ms"
                    + " | %.1f/s | %d / %d ms | %.0f + %.0f ms | **%.2f×** |", clients, count, order.seconds,
                    order.throughput(), order.p(50), order.p(99), percentileOf(order.postMillis, 50),
                    order.timeoutsText(), order.failed, order.cpu[0], order.cpu[1], base.throughput(), base.p(50),
                    base.p(99), base.cpu[0], base.cpu[1], order.throughput() / base.throughput()));
        }

        String steps = stepsPerOrder.entrySet().stream().map(e -> e.getValue() + " orders took " + e.getKey())
                .collect(Collectors.joining(", "));
        StringBuilder text = new StringBuilder();
        text.append("Machine: ").append(BenchmarkSupport.machine(jdbc)).append("\n\n");
        text.append(String.format("Warm-up: %d orders from 8 clients and %d baseline instances, %.0f s. Async steps"
                + " per order to ACTIVE (external tasks, async continuations, timers; counted in the history of"
                + " the warm-up orders): %s. Baseline process: %d async no-op steps.%n%n", WARM_UP, WARM_UP * 3,
                warmSeconds, steps, baselineSteps));
        text.append("| clients | orders | all ACTIVE after | order→ACTIVE | latency p50 / p99 | POST /orders p50"
                + " | Hikari timeouts | not ACTIVE | CPU per order (JVM + PostgreSQL) | bare engine | its latency"
                + " p50 / p99 | CPU per instance | ratio |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> text.append(r).append('\n'));
        BenchmarkSupport.report("orders-concurrent", text.toString());
    }

    // --- orders ---------------------------------------------------------------------------------------------------

    private OrderRound orders(String name, int clients, int count) throws Exception {
        List<Customer> customers = BenchmarkSupport.customers(api, ADMIN, port, catalog.providerId(), clients,
                name + "-" + UUID.randomUUID().toString().substring(0, 6), "100000.00");
        String clientIds = customers.stream().map(c -> Long.toString(c.clientId)).collect(Collectors.joining(","));
        double timeoutsBefore = BenchmarkSupport.connectionTimeouts(meters);
        List<Long> serviceIds = Collections.synchronizedList(new ArrayList<>());
        List<Long> postMillis = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        double[] cpuBefore = BenchmarkSupport.cpuSeconds();
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Customer customer : customers) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < count / clients; i++) {
                        long t = System.nanoTime();
                        serviceIds.add(customer.order(catalog.tariffId()));
                        postMillis.add((System.nanoTime() - t) / 1_000_000);
                    }
                }));
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
                BenchmarkSupport.connectionTimeoutsMetered(meters), failed, new ArrayList<>(serviceIds), cpu);
        System.out.printf("BENCHMARK %s: %d clients, %d orders, %.1f s, %.2f orders/s, p50 %d ms, p99 %d ms,"
                + " timeouts %s, not ACTIVE %d%n", name, clients, count, seconds, round.throughput(), round.p(50),
                round.p(99), round.timeoutsText(), failed);
        return round;
    }

    record OrderRound(int count, double seconds, List<Long> latencies, List<Long> postMillis, double timeouts,
            boolean metered, long failed, List<Long> serviceIds, double[] cpu) {

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

    private BaselineRound baseline(String name, int threads, int count) throws Exception {
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
                        runtime.startProcessInstanceByKey(BASELINE, prefix + thread + "-" + i);
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

    /** How many orders took how many async steps, read from the history of their process instances. */
    private Map<Integer, Integer> orderAsyncSteps(List<Long> serviceIds) {
        Map<String, BpmnModelInstance> models = new HashMap<>();
        Map<Integer, Integer> histogram = new java.util.TreeMap<>();
        for (long serviceId : serviceIds) {
            List<Map<String, Object>> activities = jdbc.queryForList("select a.proc_def_id_, a.act_id_"
                    + " from act_hi_actinst a join act_hi_procinst p on p.id_ = a.proc_inst_id_"
                    + " where p.business_key_ = ?", Long.toString(serviceId));
            int steps = 0;
            for (Map<String, Object> activity : activities) {
                BpmnModelInstance model = models.computeIfAbsent((String) activity.get("proc_def_id_"),
                        repository::getBpmnModelInstance);
                steps += asyncSteps(model, (String) activity.get("act_id_"));
            }
            histogram.merge(steps, 1, Integer::sum);
        }
        return histogram;
    }

    /** Async steps of one activity (or, when {@code activityId} is null, of every flow node of the model). */
    static int asyncSteps(BpmnModelInstance model, String activityId) {
        List<FlowNode> nodes = activityId == null ? List.copyOf(model.getModelElementsByType(FlowNode.class))
                : model.getModelElementById(activityId) instanceof FlowNode node ? List.of(node) : List.of();
        int steps = 0;
        for (FlowNode node : nodes) {
            if (node.isCamundaAsyncBefore()) {
                steps++;
            }
            if (node.isCamundaAsyncAfter()) {
                steps++;
            }
            if (node instanceof ServiceTask task && "external".equals(task.getCamundaType())) {
                steps++;
            }
            if (node instanceof IntermediateCatchEvent event
                    && !event.getChildElementsByType(TimerEventDefinition.class).isEmpty()) {
                steps++;
            }
        }
        return steps;
    }
}
