package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.common.time.ClockControl;
import com.hostflow.e2e.BenchmarkSeeding.Seeded;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.lifecycle.billingrun.BillingRunLaneProcess;
import com.hostflow.notifications.RenewalMails;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IsolatedIntegrationTest;
import com.hostflow.support.MailText;
import com.icegreen.greenmail.util.GreenMail;

import jakarta.mail.internet.MimeMessage;

/**
 * The billing run's lanes on the real application and PostgreSQL: services seeded by SQL as copies of one service
 * ordered through the API, ten per client, due an hour ago; the run started by {@code POST /api/v1/billing/run} with
 * the default two lanes (a client's services are in lane client id modulo 2). A lane that waits does not hold the
 * other; a service that cannot be priced is one incident in its lane while both lanes finish; a batch cut off midway
 * (its database session killed while it waits, so PostgreSQL rolls it back as it does for a crashed node) is done
 * again from its lane's last committed batch, and no period is charged twice. After its lanes the run mails each client
 * the services it renewed, once.
 */
@IsolatedIntegrationTest
class BillingRunLanesTest {

    private static final Login ADMIN = new Login("demo", "demo");
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String BALANCE = "1000.00";
    private static long template;

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    VmManager6Simulator simulator;
    @Autowired
    ClockControl clock;
    @Autowired
    RenewalMails renewalMails;
    @Autowired
    GreenMail smtp;
    @LocalServerPort
    int port;

    EndToEndApi api;
    Seeded seeded;
    /** further services seeded beside {@link #seeded}, retired with them */
    final List<Seeded> alsoSeeded = new java.util.ArrayList<>();
    Instant paidUntil;
    final ExecutorService background = Executors.newSingleThreadExecutor();

    @BeforeEach
    void templateService() {
        api = new EndToEndApi(http, runtime, management);
        simulator.control(new SimulatorControl(0.0, 0, false));
        if (template == 0) {
            String unique = UUID.randomUUID().toString().substring(0, 8);
            Catalog catalog = api.catalog(ADMIN, port, "lanes-" + unique, "admin@example.com", "secret");
            BenchmarkSupport.Customer customer = BenchmarkSupport.customers(api, ADMIN, port, catalog.providerId(), 1,
                    "lanes-" + unique, "100.00").get(0);
            long service = customer.order(catalog.tariffId());
            Awaitility.await("the template service ACTIVE").atMost(WAIT).until(() -> "ACTIVE".equals(
                    jdbc.queryForObject("select status from hostflow.service where id = ?", String.class, service)));
            template = service;
        }
    }

    @AfterEach
    void retireSeededServices() {
        background.shutdownNow();
        if (seeded != null) {
            alsoSeeded.add(seeded);
        }
        for (Seeded services : alsoSeeded) {
            // later billing runs of the shared context leave them alone
            jdbc.update("update hostflow.service set status = 'DELETED', prolongation_claim = null where "
                    + services.where());
            for (long id = services.firstId(); id <= services.lastId(); id++) {
                runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(id)).list()
                        // one may end meanwhile (a poor client's suspension the module just answered)
                        .forEach(pi -> runtime.deleteProcessInstanceIfExists(pi.getId(), "test over", true, true,
                                false, false));
            }
        }
        clock.reset();
    }

    @Test
    void aLaneThatWaitsForAnAccountDoesNotHoldTheOtherLane() throws Exception {
        seed(60);
        long heldClient = clientsOfLane(1).get(0);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> holder = holdAccount(heldClient, held, release);
        try {
            String run = startRun();
            await("the other lane prolonged every service of its clients", () -> servicesOfLane(0).stream()
                    .allMatch(this::prolonged));
            await("lane 1 waits for the held account", () -> lockWaits() > 0);

            assertThat(servicesOfLane(1)).as("lane 1's batch has not committed").noneMatch(this::prolonged);
            assertThat(runtime.createProcessInstanceQuery().processInstanceId(run).count()).isEqualTo(1);
            release.countDown();
            holder.get(1, TimeUnit.MINUTES);
            awaitRunEnded(run);
        } finally {
            release.countDown();
        }

        assertEveryServiceProlongedOnceAndBalancesExact(List.of());
    }

    @Test
    void aServiceThatCannotBePricedIsOneIncidentInItsLaneAndBothLanesFinish() {
        seed(60);
        List<Long> laneOne = servicesOfLane(1);
        long bad = laneOne.get(laneOne.size() / 2);
        unpriceable(bad);

        String run = startRun();
        await("lane 0 prolonged all its services while lane 1's batch failed", () -> servicesOfLane(0).stream()
                .allMatch(this::prolonged));
        // lane 1's batch is retried after 10 s (engine time), each service in a job of its own
        await("every service but the bad one prolonged", () -> {
            api.moveClock(ADMIN, api.now(ADMIN).plusSeconds(11));
            return seededIds().stream().filter(id -> id != bad).allMatch(this::prolonged);
        });
        await("the bad service's incident", () -> {
            api.moveClock(ADMIN, api.now(ADMIN).plusSeconds(11));
            return incidentsOfSeeded().size() == 1;
        });
        awaitRunEnded(run);

        Incident incident = incidentsOfSeeded().get(0);
        ProcessInstance failing = runtime.createProcessInstanceQuery()
                .processInstanceId(incident.getProcessInstanceId()).singleResult();
        assertThat(failing.getBusinessKey()).isEqualTo(Long.toString(bad));
        assertThat(incident.getIncidentMessage()).contains("ram");
        assertThat(jdbc.queryForObject("select count(*) from hostflow.charge where service_id = ?", Long.class, bad))
                .isZero();
        assertEveryServiceProlongedOnceAndBalancesExact(List.of(bad));
    }

    @Test
    void aBatchCutOffMidwayIsDoneAgainFromItsLanesLastCommittedBatchAndChargesEachPeriodOnce() throws Exception {
        // more than one batch (hostflow.billing-run.batch-size, 200) in each lane
        seed(440);
        List<Long> laneOne = servicesOfLane(1);
        assertThat(laneOne).hasSizeGreaterThan(210);
        long heldClient = clientOf(laneOne.get(210));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> holder = holdAccount(heldClient, held, release);
        String run;
        try {
            run = startRun();
            await("lane 1's second batch waits for the held account", () -> lockWaits() > 0);
            long firstBatchEnd = laneOne.get(199);
            assertThat(laneOne.subList(0, 200)).as("lane 1's first batch committed").allMatch(this::prolonged);
            assertThat(laneOne.subList(200, laneOne.size())).noneMatch(this::prolonged);
            assertThat(lanePosition(run, 1)).isEqualTo(firstBatchEnd);

            // the waiting batch's session dies as a crashed node's would: PostgreSQL rolls its work back
            int killed = jdbc.queryForObject("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                    + " where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()"
                    + " and query ilike '%account%'", Integer.class);
            assertThat(killed).isEqualTo(1);
            release.countDown();
            holder.get(1, TimeUnit.MINUTES);
            assertThat(laneOne.subList(200, laneOne.size())).as("the cut-off batch left nothing behind")
                    .noneMatch(this::prolonged);
        } finally {
            release.countDown();
        }

        await("every seeded service prolonged after the batch's retry", () -> {
            api.moveClock(ADMIN, api.now(ADMIN).plusSeconds(11));
            return seededIds().stream().allMatch(this::prolonged);
        });
        awaitRunEnded(run);
        assertEveryServiceProlongedOnceAndBalancesExact(List.of());
        assertThat(incidentsOfSeeded()).isEmpty();
    }

    /**
     * Two services of one client and one of another renewed by a run: exactly one mail each, listing its services
     * with their exact amounts (the run's charges), the total and the balance after. A client the run could not
     * renew (no money: the suspension's way) gets none; a client without an address gets a row that says why it was
     * not sent. The mail step done again writes nothing twice, and after a crash between two clients it writes only
     * the one lost.
     */
    @Test
    void theRunMailsEachClientItRenewedServicesOfOnceWithTheirAmountsAndTheTotal() throws Exception {
        paidUntil = api.now(ADMIN).minus(Duration.ofHours(1));
        seeded = BenchmarkSeeding.services(jdbc, template, "mail-" + UUID.randomUUID().toString().substring(0, 6), 3,
                2, BALANCE, paidUntil);
        Seeded poor = seedAlso(1, "0.00");
        Seeded noAddress = seedAlso(1, BALANCE);
        long twoServices = clientOf(seeded.firstId());
        long oneService = clientOf(seeded.lastId());
        long poorClient = clientOf(poor.firstId());
        long clientWithoutAddress = clientOf(noAddress.firstId());
        jdbc.update("update hostflow.client set email = null where id = ?", clientWithoutAddress);
        jdbc.update("update hostflow.client set language = 'ru' where id = ?", oneService);

        String run = startRun();
        awaitRunEnded(run);

        assertThat(renewalMailsOf(List.of(twoServices, oneService, poorClient, clientWithoutAddress)))
                .as("the run's renewal mails").containsExactly(twoServices, oneService, clientWithoutAddress);
        assertThat(jdbc.queryForObject("select count(*) from hostflow.charge where service_id = ?", Long.class,
                poor.firstId())).as("the poor client's service was not renewed").isZero();
        assertRenewalMail(run, twoServices, List.of(seeded.firstId(), seeded.firstId() + 1));
        assertRenewalMail(run, oneService, List.of(seeded.lastId()));
        assertThat(renewalMailKeys(run, twoServices)).as("no mail of a single service when no batch failed")
                .containsExactly("renewals-" + run + "-" + twoServices);
        assertThat(jdbc.queryForList("select d.status || ': ' || d.last_error from hostflow.notification n"
                + " join hostflow.notification_delivery d on d.notification_id = n.id where n.client_id = ?",
                String.class, clientWithoutAddress)).containsExactly("SKIPPED: the client has no e-mail address");
        for (long client : List.of(twoServices, oneService)) {
            String address = jdbc.queryForObject("select email from hostflow.client where id = ?", String.class,
                    client);
            MimeMessage mail = Awaitility.await("the renewal mail to " + address).atMost(WAIT)
                    .until(() -> mailsTo(address), mails -> !mails.isEmpty()).get(0);
            String text = MailText.decoded(mail);
            boolean ru = client == oneService;
            for (long service : jdbc.queryForList("select service_id from hostflow.charge where billing_run = ?"
                    + " and client_id = ?", Long.class, run, client)) {
                // the period in the client's words
                assertThat(text.lines().toList()).contains(renewalLine(run, service, ru));
            }
            assertThat(MailText.subject(mail)).startsWith((ru ? "Ваши услуги продлены: списано " : "Your services were"
                    + " renewed: ") + chargedBy(run, client).toPlainString() + " ");
        }

        // the mail step done again: nothing new; after a crash before the second client's mail, only that one
        Map<Long, Long> ids = renewalMailIds(run);
        assertThat(renewalMails.mailBatch(run, 0, 200).full()).isFalse();
        assertThat(renewalMailIds(run)).isEqualTo(ids);
        jdbc.update("delete from hostflow.notification where id = ?", ids.get(oneService));
        renewalMails.mailBatch(run, 0, 200);
        Map<Long, Long> again = renewalMailIds(run);
        assertThat(again.keySet()).isEqualTo(ids.keySet());
        assertThat(again.get(twoServices)).isEqualTo(ids.get(twoServices));
        assertThat(again.get(oneService)).isNotEqualTo(ids.get(oneService));
        assertThat(mailsTo(jdbc.queryForObject("select email from hostflow.client where id = ?", String.class,
                twoServices))).as("one mail to the client of two services").hasSize(1);
    }

    /**
     * A service whose batch failed, and whose own job charges it only after the run's mail step passed its client
     * (here: its price failed alone too, an incident, until an admin put it right and retried the job after the run
     * ended), is mailed by that job: one mail of its own listing it, with its exact amount. Every other service the run
     * charged is in exactly one mail, and the client of a lane whose batch did not fail gets its one mail.
     */
    @Test
    void aServiceItsOwnJobChargesAfterTheRunsMailsIsMailedOnceByThatJob() throws Exception {
        paidUntil = api.now(ADMIN).minus(Duration.ofHours(1));
        seeded = BenchmarkSeeding.services(jdbc, template, "late-" + UUID.randomUUID().toString().substring(0, 6), 4,
                2, BALANCE, paidUntil);
        long late = seeded.firstId() + 1;
        long lateClient = clientOf(late);
        long otherClient = clientOf(seeded.lastId());
        String addons = jdbc.queryForObject("select addons from hostflow.service where id = ?", String.class, late);
        unpriceable(late);

        String run = startRun();
        await("the late service's incident", () -> {
            api.moveClock(ADMIN, api.now(ADMIN).plusSeconds(11));
            return incidentsOfSeeded().size() == 1;
        });
        awaitRunEnded(run);
        assertThat(renewalMailIds(run)).as("the run's mails").containsKeys(otherClient);
        jdbc.update("update hostflow.service set addons = ? where id = ?", addons, late);
        Incident incident = incidentsOfSeeded().get(0);
        management.setJobRetries(incident.getConfiguration(), 1);
        await("the late service charged by its own job", () -> chargedBy(run, lateClient) != null
                && jdbc.queryForObject("select count(*) from hostflow.charge where billing_run = ? and service_id = ?",
                        Long.class, run, late) == 1);

        assertThat(renewalMailKeys(run, lateClient)).as("the late service's own mail")
                .contains("renewals-" + run + "-" + lateClient + "-" + late);
        assertRenewalMail("renewals-" + run + "-" + lateClient + "-" + late, run, lateClient, List.of(late),
                chargeOf(run, late));
        assertEachChargedServiceInOneMail(run, lateClient);
        assertEachChargedServiceInOneMail(run, otherClient);
        assertThat(renewalMailKeys(run, otherClient)).containsExactly("renewals-" + run + "-" + otherClient);
        String address = jdbc.queryForObject("select email from hostflow.client where id = ?", String.class,
                lateClient);
        Awaitility.await("the late service's mail").atMost(WAIT).until(() -> mailsTo(address).stream()
                .map(MailText::decoded).anyMatch(text -> text.contains("#" + late + " seed-")));
        assertThat(mailsTo(address).stream().filter(mail -> MailText.decoded(mail).contains("#" + late + " seed-"))
                .map(MailText::subject).toList()).as("one mail names the late service")
                .singleElement().asString().startsWith("Your services were renewed: "
                        + chargeOf(run, late).toPlainString() + " ");
    }

    /** Each service the run charged of the client is listed in exactly one of the run's mails to it. */
    private void assertEachChargedServiceInOneMail(String run, long client) throws Exception {
        List<Long> listed = new java.util.ArrayList<>();
        for (String key : renewalMailKeys(run, client)) {
            for (JsonNode line : new ObjectMapper().readTree(jdbc.queryForObject("select model_json from"
                    + " hostflow.notification where idempotency_key = ?", String.class, key)).get("renewals")) {
                listed.add(line.get("id").asLong());
                assertThat(new BigDecimal(line.get("amount").asText())).isEqualTo(chargeOf(run,
                        line.get("id").asLong()));
            }
        }
        assertThat(listed).as("the services in the run's mails to client %s", client)
                .containsExactlyInAnyOrderElementsOf(jdbc.queryForList("select service_id from hostflow.charge"
                        + " where billing_run = ? and client_id = ?", Long.class, run, client));
    }

    private List<String> renewalMailKeys(String run, long client) {
        return jdbc.queryForList("select idempotency_key from hostflow.notification where client_id = ? and event = ?"
                + " and idempotency_key like ? order by idempotency_key", String.class, client, RenewalMails.TEMPLATE,
                "renewals-" + run + "-%");
    }

    private BigDecimal chargeOf(String run, long service) {
        return jdbc.queryForObject("select amount from hostflow.charge where service_id = ? and billing_run = ?",
                BigDecimal.class, service, run);
    }

    /** The run's mail to the client lists exactly the services the run charged, each its charge, and the total. */
    private void assertRenewalMail(String run, long client, List<Long> services) throws Exception {
        assertRenewalMail("renewals-" + run + "-" + client, run, client, services, chargedBy(run, client));
    }

    /**
     * The mail under {@code key} lists {@code services}, each its charge, and {@code total}; the balance after is the
     * client's less every charge of the run.
     */
    private void assertRenewalMail(String key, String run, long client, List<Long> services, BigDecimal total)
            throws Exception {
        JsonNode model = new ObjectMapper().readTree(jdbc.queryForObject("select model_json from"
                + " hostflow.notification where idempotency_key = ?", String.class, key));
        List<Long> listed = new java.util.ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode line : model.get("renewals")) {
            long service = line.get("id").asLong();
            listed.add(service);
            BigDecimal charged = jdbc.queryForObject("select amount from hostflow.charge where service_id = ?"
                    + " and billing_run = ?", BigDecimal.class, service, run);
            assertThat(new BigDecimal(line.get("amount").asText())).as("service %s", service).isEqualTo(charged);
            assertThat(line.get("paidUntil").asText()).isEqualTo(jdbc.queryForObject("select (paid_until at time"
                    + " zone 'UTC')::date::text from hostflow.service where id = ?", String.class, service));
            assertThat(line.get("tariff").asText()).isNotBlank();
            assertThat(line.get("period").asText()).isEqualTo("MONTH");
            sum = sum.add(charged);
        }
        assertThat(listed).containsExactlyElementsOf(services);
        assertThat(new BigDecimal(model.get("total").asText())).isEqualTo(sum).isEqualTo(total);
        assertThat(new BigDecimal(model.get("account").get("balance").asText())).isEqualTo(new BigDecimal(BALANCE)
                .subtract(chargedBy(run, client)));
    }

    /**
     * A monthly service's whole line in the text of its renewal mail: "- #id domain, tariff, 1 month: paid until day,
     * amount EUR", or in Russian "- №id domain, tariff, 1 месяц: оплачена до day, amount EUR".
     */
    private String renewalLine(String run, long service, boolean ru) {
        return jdbc.queryForObject("select ? || s.id || ' ' || s.domain || ', ' || t.name || ', ' || ?"
                + " || (s.paid_until at time zone 'UTC')::date::text || ', ' || c.amount || ' ' || a.currency"
                + " from hostflow.service s join hostflow.tariff_plan t on t.id = s.tariff_id"
                + " join hostflow.charge c on c.service_id = s.id and c.billing_run = ?"
                + " join hostflow.account a on a.id = c.account_id where s.id = ?", String.class,
                ru ? "- №" : "- #", ru ? "1 месяц: оплачена до " : "1 month: paid until ", run, service);
    }

    private BigDecimal chargedBy(String run, long client) {
        return jdbc.queryForObject("select sum(amount) from hostflow.charge where billing_run = ? and client_id = ?",
                BigDecimal.class, run, client);
    }

    /** The clients among {@code clients} that got a renewal mail, in client id order. */
    private List<Long> renewalMailsOf(List<Long> clients) {
        return jdbc.queryForList("select client_id from hostflow.notification where event = ? and client_id in ("
                + clients.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))
                + ") order by client_id", Long.class, RenewalMails.TEMPLATE);
    }

    /** The run's renewal mails: client → notification id. */
    private Map<Long, Long> renewalMailIds(String run) {
        Map<Long, Long> ids = new java.util.TreeMap<>();
        jdbc.query("select client_id, id from hostflow.notification where idempotency_key like ?", rs -> {
            ids.put(rs.getLong("client_id"), rs.getLong("id"));
        }, "renewals-" + run + "-%");
        return ids;
    }

    private List<MimeMessage> mailsTo(String address) {
        return java.util.Arrays.stream(smtp.getReceivedMessages()).filter(m -> MailText.to(m).contains(address))
                .toList();
    }

    /** {@code services} more due services, one per client, each client with {@code balance}. */
    private Seeded seedAlso(int services, String balance) {
        Seeded more = BenchmarkSeeding.services(jdbc, template, "mail-" + UUID.randomUUID().toString().substring(0, 6),
                services, 1, balance, paidUntil);
        alsoSeeded.add(more);
        return more;
    }

    // --- seeding and the run --------------------------------------------------------------------------------------

    private void seed(int services) {
        paidUntil = api.now(ADMIN).minus(Duration.ofHours(1));
        seeded = BenchmarkSeeding.services(jdbc, template, "lanes-" + UUID.randomUUID().toString().substring(0, 6),
                services, 10, BALANCE, paidUntil);
        assertThat(servicesOfLane(0)).isNotEmpty();
        assertThat(servicesOfLane(1)).isNotEmpty();
    }

    private String startRun() {
        return api.ok(api.post(ADMIN, "/api/v1/billing/run", Map.of())).get("processInstanceId").asText();
    }

    private void awaitRunEnded(String run) {
        await("the billing run ended", () -> runtime.createProcessInstanceQuery().processInstanceId(run).count() == 0);
    }

    /** A test transaction that locks the client's account, as a payment being booked would, until released. */
    private Future<?> holdAccount(long clientId, CountDownLatch held, CountDownLatch release) throws Exception {
        Future<?> holder = background.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            jdbc.queryForList("select id from hostflow.account where client_id = ? for update", clientId);
            held.countDown();
            try {
                release.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(held.await(1, TimeUnit.MINUTES)).isTrue();
        return holder;
    }

    private int lockWaits() {
        return jdbc.queryForObject("select count(*) from pg_stat_activity where datname = current_database()"
                + " and wait_event_type = 'Lock' and query ilike '%account%'", Integer.class);
    }

    /** The last service id the lane committed (its keyset position). */
    private long lanePosition(String run, int lane) {
        ProcessInstance instance = runtime.createProcessInstanceQuery().superProcessInstanceId(run)
                .variableValueEquals(BillingRunLaneProcess.LANE, lane).singleResult();
        return ((Number) runtime.getVariable(instance.getId(), BillingRunLaneProcess.LAST_SERVICE_ID)).longValue();
    }

    // --- the seeded services --------------------------------------------------------------------------------------

    private List<Long> seededIds() {
        return jdbc.queryForList("select id from hostflow.service where " + seeded.where() + " order by id",
                Long.class);
    }

    private List<Long> servicesOfLane(int lane) {
        return jdbc.queryForList("select id from hostflow.service where " + seeded.where() + " and client_id % 2 = ?"
                + " order by id", Long.class, lane);
    }

    private List<Long> clientsOfLane(int lane) {
        return jdbc.queryForList("select distinct client_id from hostflow.service where " + seeded.where()
                + " and client_id % 2 = ? order by client_id", Long.class, lane);
    }

    private long clientOf(long serviceId) {
        return jdbc.queryForObject("select client_id from hostflow.service where id = ?", Long.class, serviceId);
    }

    private boolean prolonged(long serviceId) {
        return jdbc.queryForObject("select paid_until > ? from hostflow.service where id = ?", Boolean.class,
                Timestamp.from(paidUntil), serviceId);
    }

    /** An add-on value the tariff does not sell: the service's next period cannot be priced, its charge fails. */
    private void unpriceable(long serviceId) {
        jdbc.update("update hostflow.service set addons = regexp_replace(addons, '\"ram\"\\s*:\\s*[0-9]+',"
                + " '\"ram\":1500') where id = ?", serviceId);
    }

    private List<Incident> incidentsOfSeeded() {
        return runtime.createIncidentQuery().list().stream().filter(incident -> {
            ProcessInstance instance = runtime.createProcessInstanceQuery()
                    .processInstanceId(incident.getProcessInstanceId()).singleResult();
            if (instance == null || instance.getBusinessKey() == null || !instance.getBusinessKey().matches("\\d+")) {
                return false;
            }
            long id = Long.parseLong(instance.getBusinessKey());
            return id >= seeded.firstId() && id <= seeded.lastId();
        }).toList();
    }

    /**
     * Every seeded service but the excepted ones paid exactly one month on, with exactly one prolongation charge of
     * the template's monthly price; every seeded client's balance is what it had less its charges, to the cent.
     */
    private void assertEveryServiceProlongedOnceAndBalancesExact(List<Long> excepted) {
        Timestamp monthOn = Timestamp.from(paidUntil.atZone(java.time.ZoneOffset.UTC).plusMonths(1).toInstant());
        assertThat(jdbc.queryForList("select id from hostflow.service where " + seeded.where()
                + " and paid_until <> ?", Long.class, monthOn)).as("services not paid exactly a month on")
                .containsExactlyInAnyOrderElementsOf(excepted);
        assertThat(jdbc.queryForList("select s.id from hostflow.service s where " + seeded.where().replace("id",
                "s.id") + " and (select count(*) from hostflow.charge c where c.service_id = s.id"
                + " and c.charge_key like 'prolong-%') <> 1", Long.class))
                .as("services without exactly one prolongation charge").containsExactlyInAnyOrderElementsOf(excepted);
        BigDecimal price = jdbc.queryForObject("select min(amount) from hostflow.charge c where c.service_id between ?"
                + " and ? and c.charge_key like 'prolong-%'", BigDecimal.class, seeded.firstId(), seeded.lastId());
        assertThat(jdbc.queryForObject("select max(amount) from hostflow.charge c where c.service_id between ?"
                + " and ? and c.charge_key like 'prolong-%'", BigDecimal.class, seeded.firstId(), seeded.lastId()))
                .isEqualByComparingTo(price);
        List<Map<String, Object>> wrong = jdbc.queryForList("select a.client_id, a.balance, count(c.id) as charges"
                + " from hostflow.account a left join hostflow.charge c on c.account_id = a.id"
                + " where a.client_id in (select client_id from hostflow.service where " + seeded.where() + ")"
                + " group by a.client_id, a.balance having a.balance <> ?::numeric - count(c.id) * ?", BALANCE, price);
        assertThat(wrong).as("balances that are not %s less their charges of %s", BALANCE, price).isEmpty();
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(condition);
    }
}
