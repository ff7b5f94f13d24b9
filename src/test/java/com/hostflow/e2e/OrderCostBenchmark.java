package com.hostflow.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import com.hostflow.e2e.BenchmarkSupport.Customer;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.history.HostFlowHistoryLevel;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.StatementCounter;

/**
 * What one order costs the database, counted rather than timed: one client orders VPSs one after another (each order
 * waits until its service is ACTIVE, so nothing overlaps) and the benchmark reports, per order, the JDBC statements
 * and commits by kind of thread (the {@code POST /orders} request, the external-task workers, the job executor),
 * PostgreSQL's own commit and row counters, and the CPU. The idle background (pollers) over the same time is
 * measured first and shown beside it. Statements are counted only with {@code -Dhostflow.test.count-statements=true}:
 * {@code ./mvnw -B -Pbenchmark test -Dtest=OrderCostBenchmark -Dhostflow.test.count-statements=true}.
 */
@IntegrationTest
// production's history level: what an order costs where it runs
@TestPropertySource(properties = "camunda.bpm.history-level=" + HostFlowHistoryLevel.LEAN_NAME)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OrderCostBenchmark {

    private static final Login ADMIN = new Login("demo", "demo");
    private static final int ORDERS = Integer.getInteger("bench.cost.orders", 20);
    private static final int WARM_UP = Integer.getInteger("bench.cost.warmup", 20);

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    VmManager6Simulator simulator;
    @LocalServerPort
    int port;

    @Test
    void costOfOneOrder() {
        EndToEndApi api = new EndToEndApi(http, runtime, management);
        simulator.control(new SimulatorControl(0.0, 0, false));
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Catalog catalog = api.catalog(ADMIN, port, "cost-" + unique, "admin@example.com", "secret");
        Customer customer = BenchmarkSupport.customers(api, ADMIN, port, catalog.providerId(), 1, "cost-" + unique,
                "100000.00").get(0);

        orderOneByOne(customer, catalog, WARM_UP);
        Counters idleStart = Counters.read(jdbc);
        long idleNanos = System.nanoTime();
        Awaitility.await("idle background").pollDelay(Duration.ofSeconds(5)).until(() -> true);
        Counters idle = Counters.read(jdbc).minus(idleStart);
        double idleSeconds = (System.nanoTime() - idleNanos) / 1e9;

        Counters start = Counters.read(jdbc);
        Map<String, Long> sqlBefore = StatementCounter.statementsBySql();
        long startNanos = System.nanoTime();
        orderOneByOne(customer, catalog, ORDERS);
        Counters used = Counters.read(jdbc).minus(start);
        Map<String, Long> sqlUsed = new TreeMap<>();
        StatementCounter.statementsBySql().forEach((sql, n) -> sqlUsed.put(sql, n - sqlBefore.getOrDefault(sql, 0L)));
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Counters background = idle.scaled(seconds / idleSeconds);

        StringBuilder text = new StringBuilder();
        text.append("Machine: ").append(BenchmarkSupport.machine(jdbc)).append("\n\n");
        text.append(String.format("%d orders one after another (after %d warm-up orders), %.1f s; per order:%n%n",
                ORDERS, WARM_UP, seconds));
        text.append("| figure | per order | of it idle background (same time, no orders) |\n|---|---|---|\n");
        row(text, "JDBC statements, all threads", sum(used.statements), sum(background.statements));
        for (String kind : used.statements.keySet()) {
            row(text, "JDBC statements, " + kind, used.statements.get(kind),
                    background.statements.getOrDefault(kind, 0.0));
        }
        row(text, "JDBC commits, all threads", sum(used.commits), sum(background.commits));
        for (String kind : used.commits.keySet()) {
            row(text, "JDBC commits, " + kind, used.commits.get(kind), background.commits.getOrDefault(kind, 0.0));
        }
        row(text, "PostgreSQL commits (pg_stat_database)", used.xactCommit, background.xactCommit);
        row(text, "PostgreSQL rows inserted + updated + deleted", used.rowsWritten, background.rowsWritten);
        row(text, "JVM CPU ms", used.jvmCpu * 1000, background.jvmCpu * 1000);
        row(text, "PostgreSQL CPU ms", used.pgCpu * 1000, background.pgCpu * 1000);
        BenchmarkSupport.report("order-cost", text.toString());
        StringBuilder bySql = new StringBuilder("| statements per order | thread kind and SQL |\n|---|---|\n");
        sqlUsed.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> bySql.append(String.format("| %.2f | `%s` |%n", e.getValue() / (double) ORDERS,
                        e.getKey().replace("|", "/"))));
        BenchmarkSupport.report("order-cost-by-sql", bySql.toString());
    }

    private void row(StringBuilder text, String name, double total, double background) {
        text.append(String.format("| %s | %.1f | %.1f |%n", name, total / ORDERS, background / ORDERS));
    }

    private static double sum(Map<String, Double> values) {
        return values.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private void orderOneByOne(Customer customer, Catalog catalog, int count) {
        for (int i = 0; i < count; i++) {
            long serviceId = customer.order(catalog.tariffId());
            Awaitility.await("service " + serviceId + " ACTIVE").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> List.of("ACTIVE", "FAILED").contains(jdbc.queryForObject(
                            "select status from hostflow.service where id = ?", String.class, serviceId)));
        }
    }

    /** Counters at one moment, or their difference. */
    private record Counters(Map<String, Double> statements, Map<String, Double> commits, double xactCommit,
            double rowsWritten, double jvmCpu, double pgCpu) {

        static Counters read(JdbcTemplate jdbc) {
            Map<String, Object> db = jdbc.queryForMap("select xact_commit, tup_inserted + tup_updated + tup_deleted"
                    + " as rows from pg_stat_database where datname = current_database()");
            double[] cpu = BenchmarkSupport.cpuSeconds();
            return new Counters(doubles(StatementCounter.statements()), doubles(StatementCounter.commits()),
                    ((Number) db.get("xact_commit")).doubleValue(), ((Number) db.get("rows")).doubleValue(), cpu[0],
                    cpu[1]);
        }

        Counters minus(Counters before) {
            return new Counters(minus(statements, before.statements), minus(commits, before.commits),
                    xactCommit - before.xactCommit, rowsWritten - before.rowsWritten, jvmCpu - before.jvmCpu,
                    pgCpu - before.pgCpu);
        }

        Counters scaled(double factor) {
            Map<String, Double> s = new TreeMap<>();
            statements.forEach((k, v) -> s.put(k, v * factor));
            Map<String, Double> c = new TreeMap<>();
            commits.forEach((k, v) -> c.put(k, v * factor));
            return new Counters(s, c, xactCommit * factor, rowsWritten * factor, jvmCpu * factor, pgCpu * factor);
        }

        private static Map<String, Double> minus(Map<String, Double> a, Map<String, Double> b) {
            Map<String, Double> out = new TreeMap<>();
            a.forEach((k, v) -> out.put(k, v - b.getOrDefault(k, 0.0)));
            return out;
        }

        private static Map<String, Double> doubles(Map<String, Long> values) {
            Map<String, Double> out = new TreeMap<>();
            values.forEach((k, v) -> out.put(k, v.doubleValue()));
            return out;
        }
    }
}
