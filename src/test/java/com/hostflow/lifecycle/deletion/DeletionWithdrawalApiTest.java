package com.hostflow.lifecycle.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.catalog.Period;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;
import com.hostflow.support.IntegrationTest;

/**
 * {@code DELETE /services/{id}/deletion}: a client who deleted its service for the end of the paid period takes it
 * back (the waiting ServiceDeletionProcess hears Msg_DeletionWithdrawn), may delete it again later, and gets 409 when
 * nothing waits; only the service's client and admins may; a withdrawal that meets the deletion's timer is all or
 * nothing.
 */
@IntegrationTest
class DeletionWithdrawalApiTest {

    private static final String PASSWORD = "withdrawal-1";

    @Autowired
    TestRestTemplate http;
    @Autowired
    ServiceRepository services;
    @Autowired
    RuntimeService runtime;
    @Autowired
    RepositoryService repository;
    @Autowired
    ManagementService management;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;

    String unique;
    String productType;
    long providerId;

    @BeforeEach
    void productTypeDeletedAtTheEndOfThePaidPeriod() {
        unique = UUID.randomUUID().toString().substring(0, 8);
        productType = "withdrawal-" + unique;
        created(admin().postForEntity("/api/v1/product-types", Map.of("code", productType, "name", "Withdrawal",
                "trialPolicy", "NONE", "autoDeletionDays", 14, "clientDeletion", "ALLOWED", "onClientDelete",
                "END_OF_PAID_PERIOD", "orderPeriods", List.of("MONTH"), "resources", List.of(), "parameters",
                List.of()), JsonNode.class));
        providerId = created(admin().postForEntity("/api/v1/providers", Map.of("name", "Withdrawal " + unique,
                "currency", "EUR"), JsonNode.class)).get("id").asLong();
    }

    @Test
    void aClientWithdrawsItsDeletionAndMayDeleteAgainLater() {
        TestRestTemplate client = client("owner");
        long serviceId = activeService("owner");
        Instant paidUntil = services.findById(serviceId).orElseThrow().getPaidUntil();

        ResponseEntity<JsonNode> deleted = client.exchange(path(serviceId), HttpMethod.DELETE, null, JsonNode.class);
        assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(Instant.parse(deleted.getBody().get("deleteAt").asText())).isEqualTo(paidUntil);
        assertThat(deletionsRunning(serviceId)).isEqualTo(1);
        // the billing run had planned the period's reminders before the deletion withdrew them
        jdbc.update("update hostflow.service set reminders_for = paid_until where id = ?", serviceId);

        ResponseEntity<JsonNode> withdrawn = client.exchange(path(serviceId) + "/deletion", HttpMethod.DELETE, null,
                JsonNode.class);

        assertThat(withdrawn.getStatusCode()).as("%s", withdrawn.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(withdrawn.getBody().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(withdrawn.getBody().hasNonNull("deleteAt")).isFalse();
        assertThat(deletionsRunning(serviceId)).as("the waiting deletion ended").isZero();
        assertThat(jdbc.queryForObject("select reminders_for is null from hostflow.service where id = ?",
                Boolean.class, serviceId)).as("its expiry reminders are planned again").isTrue();
        assertThat(jdbc.queryForList("select event from hostflow.notification where service_id = ?"
                + " order by id", String.class, serviceId)).containsExactly("deletion-scheduled",
                        "deletion-withdrawn");

        ResponseEntity<JsonNode> again = client.exchange(path(serviceId) + "/deletion", HttpMethod.DELETE, null,
                JsonNode.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody().get("detail").asText()).contains("nothing to withdraw");

        ResponseEntity<JsonNode> deletedAgain = client.exchange(path(serviceId), HttpMethod.DELETE, null,
                JsonNode.class);
        assertThat(deletedAgain.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(Instant.parse(deletedAgain.getBody().get("deleteAt").asText())).isEqualTo(paidUntil);
        assertThat(deletionsRunning(serviceId)).isEqualTo(1);
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId)).list()
                .forEach(instance -> runtime.deleteProcessInstance(instance.getId(), "test over"));
    }

    /**
     * A prolongation while the deletion waits is answered by the ProlongationDecision table (its rule
     * Rule_RequestedWhileDeletionWaits): 409 with the table's reason. An analyst's edit of the table, deployed as a
     * new version, changes the answer with no change in Java: a refusal of its own, then no refusal at all (202,
     * charged).
     */
    @Test
    void aProlongationWhileTheDeletionWaitsIsAnsweredByTheProlongationDecisionTable() throws Exception {
        TestRestTemplate client = client("prolonger");
        long serviceId = activeService("prolonger", monthlyTariff());
        created(admin().postForEntity("/api/v1/payments", Map.of("clientId", clientId("prolonger"), "amount",
                "10.00", "externalId", "withdrawal-" + unique), JsonNode.class));
        assertThat(client.exchange(path(serviceId), HttpMethod.DELETE, null, JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);

        ResponseEntity<JsonNode> refused = client.postForEntity(path(serviceId) + "/prolong",
                Map.of("period", "MONTH"), JsonNode.class);

        assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody().get("detail").asText()).isEqualTo("service " + serviceId + " cannot be"
                + " prolonged: it is to be deleted at the end of its paid period; the deletion can be withdrawn first:"
                + " DELETE /api/v1/services/" + serviceId + "/deletion");

        String table = new String(new ClassPathResource("processes/ProlongationDecision.dmn").getInputStream()
                .readAllBytes(), StandardCharsets.UTF_8);
        String reason = "it is to be deleted at the end of its paid period; the deletion can be withdrawn first:"
                + " DELETE /api/v1/services/{id}/deletion";
        assertThat(table).contains(reason);
        String edited = deploy(table.replace(reason, "ask support to keep service {id}"));
        try {
            ResponseEntity<JsonNode> refusedByTheEdit = client.postForEntity(path(serviceId) + "/prolong",
                    Map.of("period", "MONTH"), JsonNode.class);
            assertThat(refusedByTheEdit.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(refusedByTheEdit.getBody().get("detail").asText()).isEqualTo("service " + serviceId
                    + " cannot be prolonged: ask support to keep service " + serviceId);
        } finally {
            repository.deleteDeployment(edited, true);
        }
        // the analyst drops the rules: a client's request charges, deletion or not
        String withoutTheRule = table.replaceAll("(?s)<rule id=\"Rule_RequestedWhileDelet\\w+\">.*?</rule>", "");
        String charging = deploy(withoutTheRule);
        try {
            ResponseEntity<JsonNode> accepted = client.postForEntity(path(serviceId) + "/prolong",
                    Map.of("period", "MONTH"), JsonNode.class);
            assertThat(accepted.getStatusCode()).as("%s", accepted.getBody()).isEqualTo(HttpStatus.ACCEPTED);
            Awaitility.await("the prolongation").atMost(Duration.ofSeconds(30)).until(() -> runtime
                    .createProcessInstanceQuery().processDefinitionKey("ServiceProlongationProcess")
                    .processInstanceBusinessKey(Long.toString(serviceId)).count() == 0);
            assertThat(jdbc.queryForObject("select count(*) from hostflow.charge where service_id = ?"
                    + " and charge_key like 'prolong-%'", Long.class, serviceId)).as("charged").isEqualTo(1);
        } finally {
            repository.deleteDeployment(charging, true);
            runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId)).list()
                    .forEach(instance -> runtime.deleteProcessInstance(instance.getId(), "test over"));
        }
    }

    /**
     * A prolongation while a deletion is under way (an admin's deletion now, waiting for the service's turn or for
     * the module's close, or a deletion whose period ended): 409 with the table's reason for it, which does not send
     * the client to withdraw a deletion that cannot be withdrawn any more. It answered "a deletion that still waits
     * for the end of the paid period can be withdrawn first: DELETE .../deletion", and that answered 409 "too late".
     */
    @Test
    void aProlongationWhileADeletionIsUnderWaySaysTheDeletionCannotBeWithdrawn() {
        TestRestTemplate client = client("under-way");
        long serviceId = activeService("under-way", monthlyTariff());
        // as an admin's deletion now leaves the service until its close is done
        jdbc.update("update hostflow.service set delete_at = ?, deletion_reason = 'ADMIN' where id = ?",
                java.sql.Timestamp.from(clock.instant()), serviceId);

        ResponseEntity<JsonNode> refused = client.postForEntity(path(serviceId) + "/prolong",
                Map.of("period", "MONTH"), JsonNode.class);

        assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody().get("detail").asText()).isEqualTo("service " + serviceId + " cannot be"
                + " prolonged: it is being deleted now; a deletion under way cannot be withdrawn");
        assertThat(client.exchange(path(serviceId) + "/deletion", HttpMethod.DELETE, null, JsonNode.class)
                .getStatusCode()).as("indeed it cannot").isEqualTo(HttpStatus.CONFLICT);
    }

    /** A tariff of the product type sold by the month, in no module. */
    private long monthlyTariff() {
        return created(admin().postForEntity("/api/v1/tariffs", Map.of("productType", productType,
                "providerId", providerId, "name", "Withdrawal " + unique, "active", true, "processingModuleIds",
                List.of(), "prices", Map.of("MONTH", "10.00"), "addons", List.of()), JsonNode.class))
                .get("id").asLong();
    }

    /** Deploys a version of the ProlongationDecision table; answers the deployment's id. */
    private String deploy(String table) {
        return repository.createDeployment().name("ProlongationDecision edited by " + unique)
                .addString("ProlongationDecision.dmn", table).deploy().getId();
    }

    @Test
    void aDeletionUnderWayCannotBeWithdrawn() {
        long serviceId = activeService("late");

        assertThat(admin().exchange(path(serviceId), HttpMethod.DELETE, null, JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        ResponseEntity<JsonNode> tooLate = client("late").exchange(path(serviceId) + "/deletion", HttpMethod.DELETE,
                null, JsonNode.class);

        assertThat(tooLate.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(services.findById(serviceId).orElseThrow().getStatus()).isEqualTo(ServiceStatus.DELETED);

        // a deletion past its wait (its turn or the module's close under way): nothing hears the withdrawal
        long closing = activeService("late");
        jdbc.update("update hostflow.service set delete_at = now() where id = ?", closing);
        ResponseEntity<JsonNode> underWay = client("late").exchange(path(closing) + "/deletion", HttpMethod.DELETE,
                null, JsonNode.class);

        assertThat(underWay.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(underWay.getBody().get("detail").asText()).contains("too late to withdraw");
        assertThat(services.findById(closing).orElseThrow().getDeleteAt()).as("still on record").isNotNull();
    }

    @Test
    void aWithdrawalOfADeletionSuspendedInCockpitSaysSoAndWorksOnceItRunsAgain() {
        TestRestTemplate client = client("paused");
        long serviceId = activeService("paused");
        assertThat(client.exchange(path(serviceId), HttpMethod.DELETE, null, JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        String deletion = runtime.createProcessInstanceQuery().processDefinitionKey(ServiceDeletionProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).singleResult().getId();
        runtime.suspendProcessInstanceById(deletion);

        ResponseEntity<JsonNode> held = client.exchange(path(serviceId) + "/deletion", HttpMethod.DELETE, null,
                JsonNode.class);

        // it said "is being deleted: it is too late to withdraw" of a deletion that still waits for the period's end
        assertThat(held.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(held.getBody().get("detail").asText()).contains("held by an administrator")
                .doesNotContain("too late");
        assertThat(services.findById(serviceId).orElseThrow().getDeleteAt()).as("still on record").isNotNull();
        runtime.activateProcessInstanceById(deletion);
        ResponseEntity<JsonNode> withdrawn = client.exchange(path(serviceId) + "/deletion", HttpMethod.DELETE, null,
                JsonNode.class);
        assertThat(withdrawn.getStatusCode()).as("%s", withdrawn.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(deletionsRunning(serviceId)).isZero();
    }

    @Test
    void onlyTheServicesClientAndAdminsWithdraw() {
        long serviceId = activeService("mine");
        client("other");
        assertThat(client("mine").exchange(path(serviceId), HttpMethod.DELETE, null, JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

        assertThat(client("other").exchange(path(serviceId) + "/deletion", HttpMethod.DELETE, null, JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(staff().exchange(path(serviceId) + "/deletion",
                HttpMethod.DELETE, null, JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(admin().exchange(path(987654321L) + "/deletion", HttpMethod.DELETE, null, JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(deletionsRunning(serviceId)).as("still waiting").isEqualTo(1);

        ResponseEntity<JsonNode> byAdmin = admin().exchange(path(serviceId) + "/deletion", HttpMethod.DELETE, null,
                JsonNode.class);
        assertThat(byAdmin.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(byAdmin.getBody().hasNonNull("deleteAt")).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from hostflow.audit_entry where entity = 'service' and"
                + " entity_id = ? and after_json like '%withdrawn%'", Integer.class, Long.toString(serviceId)))
                .as("an admin's withdrawal is audited").isEqualTo(1);
    }

    /**
     * A withdrawal that meets the period's end, when the deletion's timer fires (its job run on another thread at the
     * same moment): whichever wins, nothing is left half done. A withdrawal answered 202 leaves the service ACTIVE
     * with no deletion on record and none running; one answered 409 leaves the deletion done (DELETED). Never a 500,
     * never both.
     */
    @Test
    void aWithdrawalMeetingThePeriodsEndEitherKeepsTheServiceOrIsTooLate() throws Exception {
        TestRestTemplate client = client("racer");
        ExecutorService timers = Executors.newSingleThreadExecutor();
        List<Integer> outcomes = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                long serviceId = activeService("racer");
                assertThat(client.exchange(path(serviceId), HttpMethod.DELETE, null, JsonNode.class)
                        .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
                String timer = management.createJobQuery().processInstanceId(runtime.createProcessInstanceQuery()
                        .processDefinitionKey(ServiceDeletionProcess.KEY)
                        .processInstanceBusinessKey(Long.toString(serviceId)).singleResult().getId()).timers()
                        .singleResult().getId();
                CyclicBarrier together = new CyclicBarrier(2);
                Future<?> periodEnds = timers.submit(() -> {
                    awaitQuietly(together);
                    try {
                        management.executeJob(timer);
                    } catch (ProcessEngineException | OptimisticLockingFailureException | NullPointerException
                            lostToTheWithdrawal) {
                        // the job went with the withdrawn deletion, or lost an optimistic lock (the engine's, or the
                        // service row's version) to it; the job executor runs such a job again, which finds it gone.
                        // The engine may also throw a NullPointerException when it loads the execution tree after
                        // the withdrawal's commit removed it (seen under load); what the service ended as is checked
                        // below either way
                    }
                });
                awaitQuietly(together);
                if (i % 3 == 2) {
                    // the period ended a moment before the withdrawal came
                    periodEnds.get(30, TimeUnit.SECONDS);
                }
                int status = client.exchange(path(serviceId) + "/deletion", HttpMethod.DELETE, null,
                        JsonNode.class).getStatusCode().value();
                periodEnds.get(30, TimeUnit.SECONDS);

                ServiceInstance after = services.findById(serviceId).orElseThrow();
                assertThat(status).as("service %d", serviceId).isIn(202, 409);
                if (status == 202) {
                    assertThat(after.getStatus()).isEqualTo(ServiceStatus.ACTIVE);
                    assertThat(after.getDeleteAt()).isNull();
                    assertThat(deletionsRunning(serviceId)).isZero();
                } else {
                    assertThat(after.getStatus()).as("the deletion won: done").isEqualTo(ServiceStatus.DELETED);
                }
                outcomes.add(status);
            }
            assertThat(outcomes).as("both sides of the race were met").contains(202, 409);
        } finally {
            timers.shutdownNow();
        }
    }

    /**
     * The client withdraws its deletion at the very moment an admin deletes the service now. Both take the service's
     * row lock, so one goes first: the admin's deletion is done either way (the admin asked last or first), and the
     * withdrawal is 202 (it came first: the admin then deleted the running service) or 409 (the deletion was already
     * under way). Never a 500, never a service left ACTIVE, never a deletion left running. Two rounds put the requests
     * one after the other in each order, so both answers are met whatever the eight rounds at once happen to do.
     */
    @Test
    void aWithdrawalMeetingAnAdminsDeletionNowLeavesTheServiceDeleted() throws Exception {
        TestRestTemplate client = client("admin-race");
        ExecutorService admins = Executors.newSingleThreadExecutor();
        List<Integer> withdrawals = new java.util.ArrayList<>();
        try {
            withdrawals.add(withdrawalBesideAdminDeletion(client, admins, Order.WITHDRAWAL_FIRST));
            withdrawals.add(withdrawalBesideAdminDeletion(client, admins, Order.ADMIN_FIRST));
            for (int i = 0; i < 8; i++) {
                withdrawals.add(withdrawalBesideAdminDeletion(client, admins, Order.AT_ONCE));
            }
            assertThat(withdrawals).as("both sides of the race were met").contains(202, 409);
        } finally {
            admins.shutdownNow();
        }
    }

    private enum Order { WITHDRAWAL_FIRST, ADMIN_FIRST, AT_ONCE }

    /** One round on a new service whose client asked for its deletion; answers the withdrawal's status. */
    private int withdrawalBesideAdminDeletion(TestRestTemplate client, ExecutorService admins, Order order)
            throws Exception {
        long serviceId = activeService("admin-race");
        assertThat(client.exchange(path(serviceId), HttpMethod.DELETE, null, JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        CyclicBarrier together = new CyclicBarrier(order == Order.AT_ONCE ? 2 : 1);
        Callable<Integer> adminDeletion = () -> {
            awaitQuietly(together);
            return admin().exchange(path(serviceId), HttpMethod.DELETE, null, JsonNode.class).getStatusCode()
                    .value();
        };
        Integer adminFirst = order == Order.ADMIN_FIRST ? adminDeletion.call() : null;
        Future<Integer> adminAtOnce = order == Order.AT_ONCE ? admins.submit(adminDeletion) : null;
        if (order == Order.AT_ONCE) {
            awaitQuietly(together);
        }
        ResponseEntity<JsonNode> withdrawal = client.exchange(path(serviceId) + "/deletion", HttpMethod.DELETE,
                null, JsonNode.class);
        int adminStatus = switch (order) {
            case ADMIN_FIRST -> adminFirst;
            case AT_ONCE -> adminAtOnce.get(30, TimeUnit.SECONDS);
            case WITHDRAWAL_FIRST -> adminDeletion.call();
        };

        assertThat(withdrawal.getStatusCode().value()).as("service %d: %s", serviceId, withdrawal.getBody())
                .isIn(202, 409);
        assertThat(adminStatus).as("service %d", serviceId).isEqualTo(202);
        ServiceInstance after = services.findById(serviceId).orElseThrow();
        assertThat(after.getStatus()).as("service %d", serviceId).isEqualTo(ServiceStatus.DELETED);
        assertThat(deletionsRunning(serviceId)).as("service %d", serviceId).isZero();
        return withdrawal.getStatusCode().value();
    }

    private static void awaitQuietly(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An ACTIVE service of a client with a login, paid for another 20 days and in no module. */
    private long activeService(String who) {
        return activeService(who, 7);
    }

    private long activeService(String who, long tariffId) {
        long clientId = clientId(who);
        Instant now = clock.instant();
        ServiceInstance service = new ServiceInstance(clientId, tariffId, providerId, productType, Period.MONTH, false,
                Map.of(), Map.of(), null, now);
        service.changeStatus(ServiceStatus.ACTIVE, now);
        service.paidUntil(now.plus(Duration.ofDays(20)), null, now);
        return services.save(service).getId();
    }

    private long clientId(String who) {
        String email = who + "-" + unique + "@example.com";
        List<Long> existing = jdbc.queryForList("select id from hostflow.client where email = ?", Long.class, email);
        if (!existing.isEmpty()) {
            return existing.get(0);
        }
        return created(admin().postForEntity("/api/v1/clients", Map.of("email", email, "name", who, "providerId",
                providerId, "password", PASSWORD), JsonNode.class)).get("id").asLong();
    }

    private TestRestTemplate client(String who) {
        clientId(who);
        return http.withBasicAuth(who + "-" + unique + "@example.com", PASSWORD);
    }

    /** A staff member of a department of its own. */
    private TestRestTemplate staff() {
        String key = "withdrawal-" + unique;
        created(admin().postForEntity("/api/v1/departments", Map.of("name", "Withdrawal " + unique, "key", key),
                JsonNode.class));
        created(admin().postForEntity("/api/v1/users", Map.of("username", "staff-" + unique, "password", PASSWORD,
                "firstName", "Staff", "lastName", unique, "roles", List.of("STAFF"), "departments", List.of(key)),
                JsonNode.class));
        return http.withBasicAuth("staff-" + unique, PASSWORD);
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }

    private long deletionsRunning(long serviceId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(ServiceDeletionProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).count();
    }

    private static String path(long serviceId) {
        return "/api/v1/services/" + serviceId;
    }

    private static JsonNode created(ResponseEntity<JsonNode> answer) {
        assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.CREATED);
        return answer.getBody();
    }
}
