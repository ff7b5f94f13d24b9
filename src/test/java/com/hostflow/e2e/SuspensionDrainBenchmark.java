package com.hostflow.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import com.hostflow.e2e.BenchmarkSeeding.Seeded;
import com.hostflow.e2e.BenchmarkSupport.Customer;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.history.HostFlowHistoryLevel;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.SimulatorSeeding;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;

/**
 * N suspensions due at once draining through a module queue: N ACTIVE services (seeded by SQL, each with a running
 * host in the simulator) whose paid period ended on an empty balance; one billing run makes every one of them due for
 * a BILLING suspension, and they all queue on one VMmanager 6 module with the demo module's queue ("run operations in
 * queue", 2 queues, key cluster), simulator task delay 0. Measured: the time until all are SUSPENDED, how many
 * operations of the module ran at once (queue turns held, sampled every 100 ms, and the simulator's own count of
 * running tasks) against the limit, and the idle gaps: time in which fewer turns than the limit were held while
 * operations waited. Size: {@code -Dbench.suspensions=10000}.
 */
@IntegrationTest
// the history level production runs, not the test profile's full one
@TestPropertySource(properties = "camunda.bpm.history-level=" + HostFlowHistoryLevel.LEAN_NAME)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SuspensionDrainBenchmark {

    private static final Login ADMIN = new Login("demo", "demo");
    private static final int SUSPENSIONS = Integer.getInteger("bench.suspensions", 10_000);
    private static final int QUEUES = 2;
    private static final Duration LIMIT = Duration.ofMinutes(Integer.getInteger("bench.suspensions.limit-minutes",
            150));
    private static final long SAMPLE_MS = 100;

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
    void suspensionsDrain() throws Exception {
        EndToEndApi api = new EndToEndApi(http, runtime, management);
        simulator.control(new SimulatorControl(0.0, 0, false));
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> queue = new LinkedHashMap<>();
        queue.put("runInQueue", true);
        queue.put("queues", QUEUES);
        queue.put("queueKey", "cluster");
        Catalog catalog = api.catalog(ADMIN, port, "drain-" + unique, "admin@example.com", "secret", queue);
        Customer customer = BenchmarkSupport.customers(api, ADMIN, port, catalog.providerId(), 1, "tpl-" + unique,
                "100.00").get(0);
        long template = customer.order(catalog.tariffId());
        Awaitility.await("the template service ACTIVE").atMost(Duration.ofMinutes(2))
                .until(() -> "ACTIVE".equals(jdbc.queryForObject("select status from hostflow.service where id = ?",
                        String.class, template)));

        long seedStart = System.nanoTime();
        Seeded seeded = BenchmarkSeeding.services(jdbc, template, "drain-" + unique, SUSPENSIONS, 10, "0.00",
                Instant.now().minus(Duration.ofHours(1)));
        List<Long> serviceIds = jdbc.queryForList("select id from hostflow.service where " + seeded.where()
                + " order by id", Long.class);
        List<Long> hostIds = SimulatorSeeding.hostsFor(simulator, serviceIds);
        List<Object[]> externalIds = new ArrayList<>();
        for (int i = 0; i < serviceIds.size(); i++) {
            externalIds.add(new Object[] {Long.toString(hostIds.get(i)), serviceIds.get(i)});
        }
        jdbc.batchUpdate("update hostflow.service set external_id = ? where id = ?", externalIds);
        Awaitility.await("the seeded hosts running").atMost(Duration.ofMinutes(5))
                .until(() -> simulator.runningTasks() == 0);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        simulator.resetMaxRunningTasks();

        // the module's own queue; the service lanes (one change at a time per service) live in the same tables
        String moduleQueue = "(select id from hostflow.module_queue where module_id = " + catalog.moduleId()
                + " and queue_value <> 'service')";
        String counts = "select (select count(*) from hostflow.module_queue_entry where running and queue_id in "
                + moduleQueue + ") as running, (select count(*) from hostflow.module_queue_entry where not running"
                + " and queue_id in " + moduleQueue + ") as waiting,"
                + " (select count(*) from hostflow.service where " + seeded.where() + " and status = 'SUSPENDED')"
                + " as suspended";
        long start = System.nanoTime();
        api.ok(api.post(ADMIN, "/api/v1/billing/run", Map.of()));
        Sampling sampling = new Sampling(start);
        try {
            Awaitility.await("every due service SUSPENDED").atMost(LIMIT).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(SAMPLE_MS))
                    .until(() -> sampling.take(jdbc.queryForMap(counts), simulator.runningTasks())
                            >= seeded.services());
        } catch (ConditionTimeoutException e) {
            // the report says how far it got
        }
        long maxRunning = sampling.maxRunning;
        long maxWaiting = sampling.maxWaiting;
        long maxSimulatorTasks = sampling.maxSimulatorTasks;
        long samples = sampling.samples;
        long gapSamples = sampling.gapSamples;
        long longestGap = sampling.longestGap;
        long firstSuspendedAt = sampling.firstSuspendedAt;
        long suspended = sampling.suspended;
        List<String> timeline = sampling.timeline;
        double seconds = (System.nanoTime() - start) / 1e9;
        long failed = jdbc.queryForObject("select count(*) from hostflow.service where " + seeded.where()
                + " and status not in ('SUSPENDED', 'ACTIVE')", Long.class);
        long incidents = runtime.createIncidentQuery().count();
        long stopped = simulator.allHosts().stream().filter(h -> "stopped".equals(h.get("state"))).count();
        double drainSeconds = seconds - firstSuspendedAt / 1000.0;

        StringBuilder text = new StringBuilder();
        text.append("Machine: ").append(BenchmarkSupport.machine(jdbc)).append("\n\n");
        text.append("| due suspensions | seeding (SQL + hosts) | all SUSPENDED after | suspensions/s | first"
                + " suspended after | queue limit | max turns held at once | max in the simulator at once | max"
                + " waiting | idle-gap samples (held < limit while some waited) | longest gap | incidents |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        text.append(String.format("| %,d | %.1f s | %.1f s%s | **%.2f/s** | %.1f s | %d | %d | %d | %d | %d of %d"
                + " (%.1f%%) | %d ms | %d |%n", seeded.services(), seedSeconds, seconds,
                suspended < seeded.services() ? " (" + suspended + " only)" : "", suspended / seconds,
                firstSuspendedAt / 1000.0, QUEUES, maxRunning, maxSimulatorTasks, maxWaiting, gapSamples, samples,
                100.0 * gapSamples / Math.max(1, samples), longestGap, incidents));
        text.append(String.format("%nHosts stopped in the simulator: %d; services neither SUSPENDED nor ACTIVE: %d."
                + " Mean time a turn is held: %.2f s (limit × drain time / suspensions, from the first suspension"
                + " on). Timeline: %s.%n", stopped, failed, QUEUES * drainSeconds / Math.max(1, suspended),
                String.join("; ", timeline)));
        BenchmarkSupport.report("suspension-drain", text.toString());
    }

    /** What the drain looked like, one sample every {@value #SAMPLE_MS} ms. */
    private static final class Sampling {

        final long start;
        long maxRunning;
        long maxWaiting;
        long maxSimulatorTasks;
        long samples;
        long gapSamples;
        long longestGap;
        long currentGap;
        long firstSuspendedAt = -1;
        long suspended;
        final List<String> timeline = new ArrayList<>();
        long nextTimeline;

        Sampling(long start) {
            this.start = start;
        }

        /** Records one sample of the queue and the simulator; answers how many services are suspended. */
        long take(Map<String, Object> row, int simulatorTasks) {
            long running = ((Number) row.get("running")).longValue();
            long waiting = ((Number) row.get("waiting")).longValue();
            suspended = ((Number) row.get("suspended")).longValue();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            maxRunning = Math.max(maxRunning, running);
            maxWaiting = Math.max(maxWaiting, waiting);
            maxSimulatorTasks = Math.max(maxSimulatorTasks, simulatorTasks);
            if (suspended > 0 && firstSuspendedAt < 0) {
                firstSuspendedAt = elapsedMs;
            }
            samples++;
            if (running < QUEUES && waiting > 0) {
                gapSamples++;
                currentGap += SAMPLE_MS;
                longestGap = Math.max(longestGap, currentGap);
            } else {
                currentGap = 0;
            }
            if (elapsedMs >= nextTimeline) {
                timeline.add(String.format("%d s: %d suspended, %d running, %d waiting", elapsedMs / 1000, suspended,
                        running, waiting));
                nextTimeline += 30_000;
            }
            return suspended;
        }
    }
}
