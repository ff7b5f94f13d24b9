package com.hostflow.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import com.hostflow.common.time.ClockControl;
import com.hostflow.e2e.BenchmarkSupport.Customer;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.history.HostFlowHistoryLevel;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;

/**
 * Bytes of PostgreSQL per ACTIVE service: N orders (8 clients, over the REST API, on the simulator) reach ACTIVE and
 * their processes end; then the size of every hostflow.* and act_* table with its indexes and TOAST
 * ({@code pg_total_relation_size}), minus the same right after the application started on its fresh database,
 * divided by the ACTIVE services. Measured after each of several bursts, with a plain {@code VACUUM} (what autovacuum
 * does) before every burst but the first, so that the later bursts show the steady state: the runtime tables' dead
 * space is reused, and it is bounded by the work between two vacuums, not by the number of services. Then after
 * {@code VACUUM FULL} (the live rows only) and after the history's time-to-live. Broken down by engine runtime,
 * engine history, byte arrays and hostflow tables, with rows per service per table. Sizes:
 * {@code -Dbench.storage.orders=500} per burst, {@code -Dbench.storage.bursts=3}.
 */
@IntegrationTest
// the test profile switches the cleanup off (tests move the clock); this benchmark runs it once, on its own database;
// and it measures the history level production runs, not the test profile's
@TestPropertySource(properties = {"camunda.bpm.generic-properties.properties.history-cleanup-enabled=true",
        "camunda.bpm.history-level=" + HostFlowHistoryLevel.LEAN_NAME})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class StorageBenchmark {

    private static final Login ADMIN = new Login("demo", "demo");
    private static final int ORDERS = Integer.getInteger("bench.storage.orders", 500);
    private static final int BURSTS = Integer.getInteger("bench.storage.bursts", 3);
    private static final int CLIENTS = 8;

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    ExternalTaskService externalTasks;
    @Autowired
    HistoryService history;
    @Autowired
    ClockControl clock;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    VmManager6Simulator simulator;
    @LocalServerPort
    int port;

    @Test
    void bytesPerActiveService() throws Exception {
        Map<String, Long> empty = BenchmarkSupport.tableSizes(jdbc);
        Map<String, Long> emptyRows = rows(empty.keySet());
        vacuumFull(empty.keySet());
        Map<String, Long> emptyVacuumed = BenchmarkSupport.tableSizes(jdbc);
        Map<String, Long> emptyRelations = relationSizes();

        EndToEndApi api = new EndToEndApi(http, runtime, management);
        simulator.control(new SimulatorControl(0.0, 0, false));
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Catalog catalog = api.catalog(ADMIN, port, "store-" + unique, "admin@example.com", "secret");
        List<Customer> customers = BenchmarkSupport.customers(api, ADMIN, port, catalog.providerId(), CLIENTS,
                "store-" + unique, "100000.00");
        // what autovacuum does between two busy hours: a plain VACUUM marks the dead rows' space free for reuse (it
        // gives nothing back to the file system); the next burst's runtime rows then reuse it. pgstattuple counts
        // what it left exactly (the statistics views lag behind a VACUUM)
        jdbc.execute("create extension if not exists pgstattuple");
        List<Long> activeAfter = new ArrayList<>();
        List<Map<String, Long>> sizesAfter = new ArrayList<>();
        List<String> vacuums = new ArrayList<>();
        Map<String, long[]> writesBefore = writes();
        Map<String, long[]> writesInFirst = null;
        Map<String, Long> relationsAfterFirst = null;
        for (int burst = 0; burst < BURSTS; burst++) {
            if (burst > 0) {
                vacuums.add(vacuum(sizesAfter.get(burst - 1).keySet()));
            }
            long before = burst == 0 ? 0 : activeAfter.get(burst - 1);
            activeAfter.add(before + orderBurst(customers, catalog));
            sizesAfter.add(BenchmarkSupport.tableSizes(jdbc));
            if (burst == 0) {
                writesInFirst = writesSince(writesBefore);
                relationsAfterFirst = relationSizes();
            }
        }
        long active = activeAfter.get(BURSTS - 1);
        Map<String, Long> afterFirst = sizesAfter.get(0);
        long firstBurst = activeAfter.get(0);
        Map<String, Long> asIs = sizesAfter.get(BURSTS - 1);
        Map<String, Long> rows = rows(asIs.keySet());
        vacuumFull(asIs.keySet());
        Map<String, Long> vacuumed = BenchmarkSupport.tableSizes(jdbc);
        String variables = variables();

        // the same database once the history time-to-live passed: ModuleOperationProcess keeps its history 30 days,
        // ServiceOrderProcess 180; the billing run's timer is held so that it does not prolong the services meanwhile
        long notificationsBefore = jdbc.queryForObject("select count(*) from hostflow.notification", Long.class);
        management.suspendJobDefinitionByProcessDefinitionKey("BillingRunProcess", true);
        Map<String, Long> cleaned;
        long historyLeft;
        try {
            clock.moveTo(Instant.now().plus(Duration.ofDays(181)));
            history.cleanUpHistoryAsync(true);
            Awaitility.await("history past its time-to-live removed").atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> jdbc.queryForObject("select count(*) from act_hi_procinst where removal_time_"
                            + " <= now() + interval '181 days'", Long.class) == 0);
            historyLeft = jdbc.queryForObject("select count(*) from act_hi_procinst", Long.class);
        } finally {
            clock.reset();
        }
        long notificationsAfter = jdbc.queryForObject("select count(*) from hostflow.notification", Long.class);
        vacuumFull(asIs.keySet());
        cleaned = BenchmarkSupport.tableSizes(jdbc);

        StringBuilder text = new StringBuilder();
        text.append("Machine: ").append(BenchmarkSupport.machine(jdbc)).append("\n\n");
        text.append(String.format("%d bursts of %d orders from %d clients with a plain VACUUM between them, ACTIVE"
                + " after each: %s; every process ended. Bytes per ACTIVE service = (size now − size of the fresh"
                + " database) / ACTIVE services.%n%n", BURSTS, ORDERS, CLIENTS, activeAfter));
        StringBuilder header = new StringBuilder("| part |");
        for (int burst = 1; burst <= BURSTS; burst++) {
            header.append(burst == 1 ? " after the first burst, tables as they are |"
                    : " after a plain VACUUM and burst " + burst + " |");
        }
        header.append(" after VACUUM FULL (live rows) | after the history time-to-live passed (181 days on, cleanup"
                + " run, VACUUM FULL) |\n|---|").append("---|".repeat(BURSTS + 2)).append('\n');
        text.append(header);
        int columns = BURSTS + 2;
        Map<String, double[]> byCategory = new TreeMap<>();
        for (String table : asIs.keySet()) {
            double[] sums = byCategory.computeIfAbsent(BenchmarkSupport.category(table), k -> new double[columns]);
            for (int burst = 0; burst < BURSTS; burst++) {
                sums[burst] += (sizesAfter.get(burst).get(table) - empty.getOrDefault(table, 0L))
                        / (double) activeAfter.get(burst);
            }
            sums[BURSTS] += (vacuumed.get(table) - emptyVacuumed.getOrDefault(table, 0L)) / (double) active;
            sums[BURSTS + 1] += (cleaned.get(table) - emptyVacuumed.getOrDefault(table, 0L)) / (double) active;
        }
        double[] total = new double[columns];
        byCategory.forEach((category, sums) -> {
            text.append("| ").append(category).append(" |");
            for (int i = 0; i < columns; i++) {
                text.append(' ').append(BenchmarkSupport.bytes(sums[i])).append(" |");
                total[i] += sums[i];
            }
            text.append('\n');
        });
        text.append("| **total** |");
        for (double sum : total) {
            text.append(" **").append(BenchmarkSupport.bytes(sum)).append("** |");
        }
        text.append("\n\n");
        if (BURSTS > 1) {
            long added = active - activeAfter.get(BURSTS - 2);
            long grown = sum(asIs) - sum(sizesAfter.get(BURSTS - 2));
            text.append(String.format("The last burst grew the database by %s per service it added.%n%n",
                    BenchmarkSupport.bytes(grown / (double) added)));
        }
        for (int i = 0; i < vacuums.size(); i++) {
            text.append(String.format("Before burst %d: %s.%n", i + 2, vacuums.get(i)));
        }
        text.append('\n');
        text.append(String.format("After the cleanup %d historic process instances were left; notifications %d"
                + " before the clock move, %d after.%n%n", historyLeft, notificationsBefore, notificationsAfter));
        text.append("The tables that grew most (per ACTIVE service; rows written in the first burst, from"
                + " pg_stat_user_tables: every insert and every update that is not HOT leaves index entries, every"
                + " update and delete a dead row that only a vacuum frees):\n\n| table | rows per service | inserted"
                + " / updated (HOT) / deleted in the first burst | bytes after the first burst | bytes after the last"
                + " | after VACUUM FULL |\n|---|---|---|---|---|---|\n");
        Map<String, long[]> firstWrites = writesInFirst;
        asIs.keySet().stream()
                .sorted((a, b) -> Long.compare(asIs.get(b) - empty.getOrDefault(b, 0L),
                        asIs.get(a) - empty.getOrDefault(a, 0L)))
                .limit(20)
                .forEach(table -> text.append(String.format("| %s | %.1f | %s | %s | %s | %s |%n", table,
                        (rows.get(table) - emptyRows.getOrDefault(table, 0L)) / (double) active,
                        written(firstWrites.getOrDefault(table, new long[4]), firstBurst),
                        BenchmarkSupport.bytes((afterFirst.get(table) - empty.getOrDefault(table, 0L))
                                / (double) firstBurst),
                        BenchmarkSupport.bytes((asIs.get(table) - empty.getOrDefault(table, 0L)) / (double) active),
                        BenchmarkSupport.bytes((vacuumed.get(table) - emptyVacuumed.getOrDefault(table, 0L))
                                / (double) active))));
        text.append("\nThe heaps and indexes that grew by 16 bytes or more per ACTIVE service in the first burst: ");
        Map<String, Long> relationsFirst = relationsAfterFirst;
        text.append(relationsFirst.keySet().stream()
                .sorted((a, b) -> Long.compare(relationsFirst.get(b) - emptyRelations.getOrDefault(b, 0L),
                        relationsFirst.get(a) - emptyRelations.getOrDefault(a, 0L)))
                .filter(name -> relationsFirst.get(name) - emptyRelations.getOrDefault(name, 0L) >= 16 * firstBurst)
                .map(name -> String.format("%s %.0f B", name, (relationsFirst.get(name)
                        - emptyRelations.getOrDefault(name, 0L)) / (double) firstBurst))
                .collect(Collectors.joining(", "))).append(".\n");
        text.append('\n').append(variables).append('\n');
        BenchmarkSupport.report("storage", text.toString());
    }

    /** N orders from the customers at once, waited for until ACTIVE, their processes ended and their mail sent. */
    private long orderBurst(List<Customer> customers, Catalog catalog) throws Exception {
        long activeBefore = activeServices();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Customer customer : customers) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < ORDERS / CLIENTS; i++) {
                        customer.order(catalog.tariffId());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        long ordered = (long) (ORDERS / CLIENTS) * CLIENTS;
        Awaitility.await("every order ACTIVE").atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(1))
                .until(() -> jdbc.queryForObject("select count(*) from hostflow.service where status in"
                        + " ('ACTIVE', 'FAILED')", Long.class) >= activeBefore + ordered);
        Awaitility.await("every process ended").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> runtime.createProcessInstanceQuery().count() == 0
                        && externalTasks.createExternalTaskQuery().count() == 0);
        Awaitility.await("the notification outbox to drain").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200)).until(() -> jdbc.queryForObject("select count(*) from"
                        + " hostflow.notification_delivery where status in ('PENDING', 'SENDING')", Long.class) == 0);
        return activeServices() - activeBefore;
    }

    private long activeServices() {
        return jdbc.queryForObject("select count(*) from hostflow.service where status = 'ACTIVE'", Long.class);
    }

    /**
     * A plain VACUUM of every table; says whether a session held a snapshot that could keep it from freeing dead rows,
     * and how many dead rows and free bytes it left, counted by pgstattuple.
     */
    private String vacuum(java.util.Collection<String> tables) {
        String snapshots = jdbc.queryForObject("select count(*) || ' sessions held a snapshot (the oldest transaction"
                + " started ' || coalesce(to_char(now() - min(xact_start), 'HH24:MI:SS'), '-') || ' ago)'"
                + " from pg_stat_activity where backend_xmin is not null and pid <> pg_backend_pid()", String.class);
        long dead = 0;
        long free = 0;
        for (String table : tables) {
            jdbc.execute("vacuum " + table);
            Map<String, Object> tuples = jdbc.queryForMap("select dead_tuple_count, free_space from pgstattuple(?)",
                    table);
            dead += ((Number) tuples.get("dead_tuple_count")).longValue();
            free += ((Number) tuples.get("free_space")).longValue();
        }
        return String.format("%s; the VACUUM left %d dead rows and %.1f MiB free for reuse in the tables (indexes not"
                + " counted)", snapshots, dead, free / 1048576.0);
    }

    /** Rows inserted, updated, HOT-updated and deleted per table since the statistics were reset. */
    private Map<String, long[]> writes() {
        Map<String, long[]> writes = new TreeMap<>();
        jdbc.query("select schemaname || '.' || relname as name, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del"
                + " from pg_stat_user_tables", (java.sql.ResultSet row) -> {
                    writes.put(row.getString(1), new long[] {row.getLong(2), row.getLong(3), row.getLong(4),
                        row.getLong(5)});
                });
        return writes;
    }

    private Map<String, long[]> writesSince(Map<String, long[]> before) {
        // the statistics collector gets a backend's counts within half a second of its commit: read until they stand
        java.util.concurrent.atomic.AtomicReference<Map<String, long[]>> last = new java.util.concurrent.atomic
                .AtomicReference<>(writes());
        Awaitility.await("the statistics collector to catch up").pollInterval(Duration.ofSeconds(1))
                .atMost(Duration.ofMinutes(1)).until(() -> {
                    Map<String, long[]> now = writes();
                    Map<String, long[]> previous = last.getAndSet(now);
                    return now.keySet().equals(previous.keySet()) && now.keySet().stream()
                            .allMatch(table -> java.util.Arrays.equals(now.get(table), previous.get(table)));
                });
        Map<String, long[]> since = new TreeMap<>();
        last.get().forEach((table, now) -> {
            long[] then = before.getOrDefault(table, new long[4]);
            long[] delta = new long[4];
            for (int i = 0; i < 4; i++) {
                delta[i] = now[i] - then[i];
            }
            since.put(table, delta);
        });
        return since;
    }

    private static String written(long[] writes, long services) {
        return String.format("%.1f / %.1f (%.1f) / %.1f", writes[0] / (double) services,
                writes[1] / (double) services, writes[2] / (double) services, writes[3] / (double) services);
    }

    /** The size of each table's heap (with its TOAST) and of each of its indexes, by relation name. */
    private Map<String, Long> relationSizes() {
        Map<String, Long> sizes = new TreeMap<>();
        jdbc.query("select c.relname as name, case c.relkind when 'r' then pg_table_size(c.oid)"
                + " else pg_relation_size(c.oid) end as bytes from pg_class c"
                + " join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'i')"
                + " and (n.nspname = 'hostflow' or (n.nspname = 'public' and c.relname ilike 'act\\_%'))",
                (java.sql.ResultSet row) -> {
                    sizes.put(row.getString(1), row.getLong(2));
                });
        return sizes;
    }

    private static long sum(Map<String, Long> sizes) {
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }

    private void vacuumFull(java.util.Collection<String> tables) {
        for (String table : tables) {
            jdbc.execute("vacuum full " + table);
        }
    }

    private Map<String, Long> rows(java.util.Collection<String> tables) {
        Map<String, Long> rows = new TreeMap<>();
        for (String table : tables) {
            rows.put(table, jdbc.queryForObject("select count(*) from " + table, Long.class));
        }
        return rows;
    }

    /** Which variables the history keeps, how many and how large, so the next cut is a measured one. */
    private String variables() {
        List<Map<String, Object>> vars = jdbc.queryForList("select name_, count(*) as n, sum(coalesce(length(text_), 0)"
                + " + coalesce(length(text2_), 0)) as text_bytes, count(bytearray_id_) as byte_arrays"
                + " from act_hi_varinst group by name_ order by 2 desc, 1");
        return "History variables (act_hi_varinst) by name: " + vars.stream()
                .map(v -> v.get("name_") + " " + v.get("n") + (((Number) v.get("byte_arrays")).longValue() > 0
                        ? " (" + v.get("byte_arrays") + " byte arrays)" : ""))
                .collect(Collectors.joining(", ")) + ".";
    }
}
