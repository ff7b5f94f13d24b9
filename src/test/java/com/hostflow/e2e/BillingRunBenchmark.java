package com.hostflow.e2e;

import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
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
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;

/**
 * The billing run over N due ACTIVE services paid from the balance (seeded by set-based SQL, copies of one service
 * ordered through the API, ten per client unless {@code -Dbench.billing.services-per-client=N}), from
 * {@code POST /api/v1/billing/run} until every due service is prolonged; beside it a set-based SQL pass doing the same
 * bookkeeping (charges, expenses, balances, paid-until) on a copy of the same rows. One service per size carries an
 * add-on value off the tariff's grid, so it cannot be priced: it must end as one incident while the others are
 * prolonged. After the prolongations, the time until the run ended: its renewal mails (one per client, written after
 * its lanes) and the reminders' planning. Sizes:
 * {@code -Dbench.billing.sizes=10000,100000}.
 */
@IntegrationTest
// the history level production runs, not the test profile's full one
@TestPropertySource(properties = "camunda.bpm.history-level=" + HostFlowHistoryLevel.LEAN_NAME)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BillingRunBenchmark {

    private static final Login ADMIN = new Login("demo", "demo");
    private static final int[] SIZES = Arrays.stream(System.getProperty("bench.billing.sizes", "10000,100000")
            .split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    /** ten: a few clients with many services; one: the most renewal mails a run can write */
    private static final int PER_CLIENT = Integer.getInteger("bench.billing.services-per-client", 10);
    private static final Duration LIMIT = Duration.ofMinutes(Integer.getInteger("bench.billing.limit-minutes", 60));

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
    DataSource dataSource;
    @Autowired
    VmManager6Simulator simulator;
    @LocalServerPort
    int port;

    @Test
    void billingRun() throws Exception {
        EndToEndApi api = new EndToEndApi(http, runtime, management);
        simulator.control(new SimulatorControl(0.0, 0, false));
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Catalog catalog = api.catalog(ADMIN, port, "bill-" + unique, "admin@example.com", "secret");
        Customer customer = BenchmarkSupport.customers(api, ADMIN, port, catalog.providerId(), 1, "tpl-" + unique,
                "100.00").get(0);
        long template = customer.order(catalog.tariffId());
        Awaitility.await("the template service ACTIVE").atMost(Duration.ofMinutes(2))
                .until(() -> "ACTIVE".equals(jdbc.queryForObject("select status from hostflow.service where id = ?",
                        String.class, template)));

        List<String> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int size : SIZES) {
            rows.add(run(size, template, notes));
        }
        StringBuilder text = new StringBuilder();
        text.append("Machine: ").append(BenchmarkSupport.machine(jdbc)).append("\n\n");
        text.append("| due services | seeding (SQL) | billing run, all but the bad one prolonged | services/s"
                + " | run ended (renewal mails written) | first half / second half"
                + " | CPU per service (JVM + PostgreSQL, to the run's end) | set-based SQL pass | ratio | incidents"
                + " | bad service |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> text.append(r).append('\n'));
        text.append('\n');
        notes.forEach(n -> text.append("- ").append(n).append('\n'));
        BenchmarkSupport.report("billing-run", text.toString());
    }

    private String run(int size, long template, List<String> notes) throws Exception {
        String tag = "b" + size + "-" + UUID.randomUUID().toString().substring(0, 4);
        Instant paidUntil = Instant.now().minus(Duration.ofHours(1));
        long seedStart = System.nanoTime();
        Seeded seeded = BenchmarkSeeding.services(jdbc, template, tag, size, PER_CLIENT, "1000.00",
                paidUntil);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        // the one service that cannot be priced: 1500 MiB of RAM is off the tariff's grid (1024 + k × 1024)
        long bad = seeded.firstId() + seeded.services() / 2;
        jdbc.update("update hostflow.service set addons = regexp_replace(addons, '\"ram\"\\s*:\\s*[0-9]+',"
                + " '\"ram\":1500') where id = ?", bad);
        String addons = jdbc.queryForObject("select addons from hostflow.service where id = ?", String.class, bad);

        double sqlSeconds = setBasedPass(seeded, paidUntil);

        java.util.Set<String> incidentsBefore = new java.util.HashSet<>(runtime.createIncidentQuery().list().stream()
                .map(Incident::getId).toList());
        String stillDue = "select count(*) from hostflow.service where " + seeded.where() + " and paid_until <= ?";
        Timestamp due = Timestamp.from(paidUntil);
        Map<String, long[]> tablesBefore = tableWork();
        double[] cpuBefore = BenchmarkSupport.cpuSeconds();
        long start = System.nanoTime();
        String runId = new EndToEndApi(http, runtime, management).ok(new EndToEndApi(http, runtime, management)
                .post(ADMIN, "/api/v1/billing/run", Map.of())).get("processInstanceId").asText();
        List<double[]> progress = new ArrayList<>();
        try {
            Awaitility.await("all due services but the bad one prolonged").atMost(LIMIT)
                    .pollInterval(Duration.ofSeconds(1)).until(() -> {
                        long left = jdbc.queryForObject(stillDue, Long.class, due);
                        progress.add(new double[] {(System.nanoTime() - start) / 1e9, size - left});
                        return left <= 1;
                    });
        } catch (ConditionTimeoutException e) {
            notes.add(size + ": not done within " + LIMIT + "; " + jdbc.queryForObject(stillDue, Long.class, due)
                    + " still due");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // after its lanes the run writes one renewal mail per client, then plans the reminders
        try {
            Awaitility.await("the billing run ended").atMost(LIMIT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> runtime.createProcessInstanceQuery().processInstanceId(runId).count() == 0);
        } catch (ConditionTimeoutException e) {
            notes.add(size + ": the billing run did not end within " + LIMIT);
        }
        double endedSeconds = (System.nanoTime() - start) / 1e9;
        String mails = renewalMails(runId);
        double[] cpuAfter = BenchmarkSupport.cpuSeconds();
        long prolonged = size - jdbc.queryForObject(stillDue, Long.class, due);
        double jvmMs = (cpuAfter[0] - cpuBefore[0]) * 1000 / Math.max(1, prolonged);
        double postgresMs = (cpuAfter[1] - cpuBefore[1]) * 1000 / Math.max(1, prolonged);
        String work = workPerService(tablesBefore, tableWork(), prolonged);
        // the bad service's isolation: its batch fails, the retry (R3/PT10S) gives each service a job of its own
        try {
            Awaitility.await("the bad service's incident").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> runtime.createIncidentQuery().count() > incidentsBefore.size());
        } catch (ConditionTimeoutException e) {
            notes.add(size + ": no incident within 3 minutes after the run");
        }
        List<Incident> incidents = runtime.createIncidentQuery().list().stream()
                .filter(i -> !incidentsBefore.contains(i.getId())).toList();
        long newIncidents = incidents.size();
        String badState = jdbc.queryForObject("select status || ', paid until ' || paid_until || ', claim '"
                + " || coalesce(prolongation_claim, 'none') from hostflow.service where id = ?", String.class, bad);
        long badCharges = jdbc.queryForObject("select count(*) from hostflow.charge where service_id = ?",
                Long.class, bad);
        String incidentText = incidents.stream().map(i -> {
            var instance = runtime.createProcessInstanceQuery().processInstanceId(i.getProcessInstanceId())
                    .singleResult();
            return (instance == null ? "?" : repository.getProcessDefinition(instance.getProcessDefinitionId())
                    .getKey() + " of service " + instance.getBusinessKey()) + " at " + i.getActivityId() + ": "
                    + abbreviate(i.getIncidentMessage());
        }).reduce((a, b) -> a + "; " + b).orElse("none");
        long charges = jdbc.queryForObject("select count(*) from hostflow.charge c where c.service_id between ? and ?"
                + " and c.charge_key like 'prolong-%'", Long.class, seeded.firstId(), seeded.lastId());
        boolean runEnded = runtime.createProcessInstanceQuery().processInstanceId(runId).count() == 0;

        StringBuilder timeline = new StringBuilder();
        double nextMark = 0;
        for (double[] p : progress) {
            if (p[0] >= nextMark) {
                timeline.append(String.format("%s%.0f s: %.0f", timeline.length() == 0 ? "" : ", ", p[0], p[1]));
                nextMark += Math.max(10, seconds / 12);
            }
        }
        double half = seconds / 2;
        double firstHalf = progress.stream().filter(p -> p[0] <= half).mapToDouble(p -> p[1]).max().orElse(0);
        double rateFirst = firstHalf / half;
        double rateSecond = (prolonged - firstHalf) / (seconds - half);
        notes.add(String.format("%d: seeded %d services of %d clients in %.1f s; bad service %d (addons %s) is %s"
                + " with %d charges; %d prolongation charges written for the seeded services; billing run process"
                + " %s after %.1f s; renewal mails: %s; incidents: %s; prolonged over time: %s; database work per"
                + " prolonged service (to the run's end): %s", size, seeded.services(), seeded.clients(), seedSeconds,
                bad, addons, badState, badCharges, charges, runEnded ? "ended" : "still running", endedSeconds, mails,
                incidentText, timeline, work));
        System.out.printf("BENCHMARK billing run %d: %.1f s, %.1f services/s, run ended after %.1f s (%s),"
                + " SQL pass %.2f s, incidents %d%n", size, seconds, prolonged / seconds, endedSeconds, mails,
                sqlSeconds, newIncidents);
        return String.format("| %,d | %.1f s | %.1f s | **%.1f/s** | **%.1f s** | %.1f/s / %.1f/s | %.1f + %.1f ms"
                + " | %.2f s | %.0f× | %d | %s |", size, seedSeconds, seconds, prolonged / seconds, endedSeconds,
                rateFirst, rateSecond, jvmMs, postgresMs, sqlSeconds, seconds / sqlSeconds, newIncidents,
                badCharges == 0 ? "isolated, not charged" : "CHARGED?");
    }

    /** The run's renewal mails: how many were written, for how many clients it charged, and how many are sent. */
    private String renewalMails(String runId) {
        Map<String, Object> mails = jdbc.queryForMap("select count(*) as written, count(*) filter (where"
                + " d.status = 'SENT') as sent from hostflow.notification n join hostflow.notification_delivery d"
                + " on d.notification_id = n.id where n.idempotency_key like ?", "renewals-" + runId + "-%");
        long clients = jdbc.queryForObject("select count(distinct client_id) from hostflow.charge"
                + " where billing_run = ?", Long.class, runId);
        return mails.get("written") + " written for " + clients + " clients charged, " + mails.get("sent")
                + " sent by then";
    }

    /**
     * The same bookkeeping as a set-based pass on a copy of the due services and their accounts: one charge and one
     * expense per service at its tariff's MONTH price (the seeded add-ons are at their included values, so cost
     * nothing extra), balances down, paid-until a month on. One transaction; timed without the copying.
     */
    private double setBasedPass(Seeded seeded, Instant paidUntil) throws Exception {
        String schema = "bench_copy_" + seeded.tag().replace('-', '_');
        jdbc.execute("create schema " + schema);
        jdbc.execute("create table " + schema + ".service as select * from hostflow.service where "
                + seeded.where());
        jdbc.execute("create table " + schema + ".account as select * from hostflow.account where client_id in"
                + " (select distinct client_id from " + schema + ".service)");
        jdbc.execute("alter table " + schema + ".service add primary key (id)");
        jdbc.execute("alter table " + schema + ".account add primary key (id)");
        jdbc.execute("create index on " + schema + ".account (client_id, provider_id)");
        jdbc.execute("create table " + schema + ".charge (like hostflow.charge including all)");
        jdbc.execute("create table " + schema + ".expense (like hostflow.expense including all)");
        jdbc.execute("analyze " + schema + ".service");
        jdbc.execute("analyze " + schema + ".account");
        Timestamp cutoff = Timestamp.from(paidUntil);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            try (var charge = connection.prepareStatement("insert into " + schema + ".charge (charge_key,"
                    + " account_id, client_id, service_id, amount, period_from, period_to, description, charged_at)"
                    + " select 'prolong-' || s.id || '-' || (s.paid_until at time zone 'UTC')::date, a.id,"
                    + " s.client_id, s.id, p.amount, (s.paid_until at time zone 'UTC')::date,"
                    + " ((s.paid_until + interval '1 month') at time zone 'UTC')::date, 'VPS, MONTH (prolongation)',"
                    + " now() from " + schema + ".service s join " + schema + ".account a on a.client_id = s.client_id"
                    + " and a.provider_id = s.provider_id join hostflow.tariff_price p on p.tariff_id = s.tariff_id"
                    + " and p.period = s.period where s.paid_until <= ? and s.status in ('ACTIVE', 'SUSPENDED')"
                    + " and s.prolongation_claim is null and s.delete_at is null");
                    Statement rest = connection.createStatement()) {
                charge.setTimestamp(1, cutoff);
                charge.executeUpdate();
                rest.executeUpdate("insert into " + schema + ".expense (charge_id, client_id, service_id, amount,"
                        + " date_from, date_to, description) select id, client_id, service_id, amount, period_from,"
                        + " period_to, description from " + schema + ".charge");
                rest.executeUpdate("update " + schema + ".account a set balance = a.balance - c.total from"
                        + " (select account_id, sum(amount) as total from " + schema + ".charge group by account_id) c"
                        + " where a.id = c.account_id");
                rest.executeUpdate("update " + schema + ".service s set paid_until = s.paid_until + interval '1 month',"
                        + " updated_at = now(), version = s.version + 1 from " + schema + ".charge c"
                        + " where c.service_id = s.id");
            }
            connection.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            long charged = jdbc.queryForObject("select count(*) from " + schema + ".charge", Long.class);
            System.out.printf("BENCHMARK set-based SQL pass over %d services: %.3f s%n", charged, seconds);
            return seconds;
        } finally {
            jdbc.execute("drop schema " + schema + " cascade");
        }
    }

    /**
     * PostgreSQL's own counters (commits of this database; per table rows inserted, updated and deleted, and index
     * or sequential scans), read after its statistics caught up: what a prolonged service costs the database.
     */
    private Map<String, long[]> tableWork() {
        Awaitility.await().pollDelay(Duration.ofMillis(1500)).until(() -> true);
        jdbc.execute("select pg_stat_clear_snapshot()");
        Map<String, long[]> work = new java.util.TreeMap<>();
        work.put(" commits", new long[] {jdbc.queryForObject("select xact_commit from pg_stat_database"
                + " where datname = current_database()", Long.class), 0, 0, 0});
        jdbc.query("select schemaname || '.' || relname as name, n_tup_ins, n_tup_upd, n_tup_del,"
                + " coalesce(idx_scan, 0) + coalesce(seq_scan, 0) as scans from pg_stat_user_tables",
                rs -> {
                    work.put(rs.getString("name"), new long[] {rs.getLong("n_tup_ins"), rs.getLong("n_tup_upd"),
                            rs.getLong("n_tup_del"), rs.getLong("scans")});
                });
        return work;
    }

    private static String workPerService(Map<String, long[]> before, Map<String, long[]> after, long services) {
        double n = Math.max(1, services);
        StringBuilder text = new StringBuilder(String.format("%.1f commits", (after.get(" commits")[0]
                - before.get(" commits")[0]) / n));
        double inserted = 0;
        double updated = 0;
        double deleted = 0;
        double scans = 0;
        List<String> tables = new ArrayList<>();
        for (var entry : after.entrySet()) {
            long[] was = before.getOrDefault(entry.getKey(), new long[4]);
            long[] now = entry.getValue();
            if (entry.getKey().startsWith(" ") || entry.getKey().contains("bench_copy")) {
                continue;
            }
            double ins = (now[0] - was[0]) / n;
            double upd = (now[1] - was[1]) / n;
            double del = (now[2] - was[2]) / n;
            double scan = (now[3] - was[3]) / n;
            inserted += ins;
            updated += upd;
            deleted += del;
            scans += scan;
            if (ins + upd + del >= 0.05) {
                tables.add(String.format("%s %.1f/%.1f/%.1f", entry.getKey().replace("public.", "")
                        .replace("hostflow.", ""), ins, upd, del));
            }
        }
        return text.append(String.format(", rows inserted/updated/deleted %.1f/%.1f/%.1f, %.1f table scans"
                + " (index or sequential); by table: %s", inserted, updated, deleted, scans, String.join(", ",
                tables))).toString();
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }
}
