package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.common.time.ClockControl;
import com.hostflow.e2e.EndToEndApi.Answer;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.lifecycle.ExternalTaskWakeUp;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.ManualModuleTariff;

/**
 * What an admin does in Cockpit (through the engine REST, as Cockpit does) at the wait states of HostFlow's
 * processes: cancel an instance (with and without its listeners), modify it, suspend it, change its variables; and
 * whether HostFlow's own state (service status, lane, prolongation claim, deletion) stays usable afterwards.
 */
@ShortRetriesIntegrationTest
class CockpitAdminActionsTest {

    private static final Login ADMIN = new Login("demo", "demo");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    ExternalTaskService externalTasks;

    @Autowired
    ClockControl clock;

    @Autowired
    VmManager6Simulator simulator;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProcessEngine engine;

    @Autowired
    ExternalTaskWakeUp workerWakeUp;

    @Autowired
    PlatformTransactionManager transactions;

    @LocalServerPort
    int port;

    EndToEndApi api;
    QuietEngine quiet;
    String unique;

    @BeforeEach
    void setUp() {
        api = new EndToEndApi(http, runtime, management);
        quiet = new QuietEngine(api, ADMIN, clock, jdbc, engine, workerWakeUp);
        unique = Long.toString(System.nanoTime(), 36);
        simulator.control(new SimulatorControl(0.0, 0, false));
    }

    @AfterEach
    void tearDown() {
        simulator.control(new SimulatorControl(0.0, 0, false));
        clock.reset();
    }

    // --- regressions: what used to leave a service stuck ---------------------------------------------------------

    /**
     * A client's deletion at the end of the paid period, cancelled in Cockpit while it waits for that day (README:
     * "cancelled by cancelling the instance there"): its delete_at stayed, so the service could not be prolonged
     * (409 "cannot be prolonged: it is to be deleted"), deleted again (409 "is being deleted already") or billed (the billing run leaves
     * services with a deletion on record alone).
     */
    @Test
    void aScheduledDeletionCancelledInCockpitLeavesNothingBehind() {
        Shop shop = shop("END_OF_PAID_PERIOD");
        Customer customer = customer(shop, "20.00");
        long serviceId = orderActive(shop, customer);
        String path = "/api/v1/services/" + serviceId;
        assertThat(api.delete(customer.login(), path).status()).isEqualTo(202);
        awaitAt(serviceId, "Gateway_WaitForDeletion");

        Answer cancel = engine(HttpMethod.DELETE, "/process-instance/" + instance(serviceId,
                "ServiceDeletionProcess"), null);

        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(204);
        assertThat(jdbc.queryForObject("select delete_at from hostflow.service where id = ?", Object.class,
                serviceId)).as("no deletion on record").isNull();
        Answer prolong = api.post(customer.login(), path + "/prolong", Map.of("period", "MONTH"));
        assertThat(prolong.status()).as(prolong.toString()).isEqualTo(202);
        settle(serviceId);
        assertThat(api.balance(ADMIN, customer.id())).as("the next month charged").isEqualTo("0.00");
        Answer delete = api.delete(customer.login(), path);
        assertThat(delete.status()).as(delete.toString()).isEqualTo(202);
        awaitAt(serviceId, "Gateway_WaitForDeletion");
    }

    /**
     * A client's deletion for the end of the paid period, suspended in Cockpit (so it cannot hear the admin's), and
     * an admin's deletion meanwhile, which a second ServiceDeletionProcess carries (the module down, it waits to
     * retry): the second owns delete_at. Cancelling the client's leaves the admin's deletion on record; cancelling
     * the admin's takes it back even though the client's still waits suspended (it used to stay: the end asked the
     * engine whether another deletion ran, and one did).
     */
    @Test
    void onlyTheDeletionThatOwnsDeleteAtTakesItBackWhenCancelled() {
        Shop shop = shop("END_OF_PAID_PERIOD");
        Customer customer = customer(shop, "20.00");
        long takenOver = orderActive(shop, customer);
        long owner = orderActive(shop, customer);
        simulator.control(new SimulatorControl(0.0, 0, true));
        Map<Long, String[]> deletions = new LinkedHashMap<>();
        for (long serviceId : List.of(takenOver, owner)) {
            String path = "/api/v1/services/" + serviceId;
            assertThat(api.delete(customer.login(), path).status()).isEqualTo(202);
            awaitAt(serviceId, "Gateway_WaitForDeletion");
            String clients = instance(serviceId, "ServiceDeletionProcess");
            setSuspended(clients, true);
            assertThat(api.delete(ADMIN, path).status()).isEqualTo(202);
            awaitAt(serviceId, ModuleOperationProcess.GATEWAY_RETRY_LATER_OR_WITHDRAWN);
            String admins = runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId))
                    .processDefinitionKey("ServiceDeletionProcess").list().stream().map(ProcessInstance::getId)
                    .filter(id -> !id.equals(clients)).findFirst().orElseThrow();
            assertThat(deletionInstance(serviceId)).as("the admin's deletion owns delete_at").isEqualTo(admins);
            deletions.put(serviceId, new String[] {clients, admins});
        }
        simulator.control(new SimulatorControl(0.0, 0, false));

        Answer cancelTakenOver = engine(HttpMethod.DELETE, "/process-instance/" + deletions.get(takenOver)[0], null);
        Answer cancelOwner = engine(HttpMethod.DELETE, "/process-instance/" + deletions.get(owner)[1], null);

        assertThat(cancelTakenOver.status()).as(cancelTakenOver.toString()).isEqualTo(204);
        assertThat(cancelOwner.status()).as(cancelOwner.toString()).isEqualTo(204);
        assertThat(jdbc.queryForObject("select delete_at from hostflow.service where id = ?", Object.class,
                takenOver)).as("the admin's deletion stays on record").isNotNull();
        assertThat(deletionInstance(takenOver)).isEqualTo(deletions.get(takenOver)[1]);
        assertThat(jdbc.queryForObject("select delete_at from hostflow.service where id = ?", Object.class,
                owner)).as("no deletion on record").isNull();
        // the instances left, cancelled: the admin's of the first service takes its deletion back with it
        assertThat(engine(HttpMethod.DELETE, "/process-instance/" + deletions.get(takenOver)[1], null).status())
                .isEqualTo(204);
        assertThat(engine(HttpMethod.DELETE, "/process-instance/" + deletions.get(owner)[0], null).status())
                .isEqualTo(204);
        assertThat(jdbc.queryForObject("select delete_at from hostflow.service where id = ?", Object.class,
                takenOver)).isNull();
    }

    /**
     * An admin's deletion cancelled in Cockpit while the module closes the service (here: VMmanager down, the
     * operation waiting to retry later): the service stays ACTIVE on its VM, and every later request on it answered
     * 409 for good, the admin's next deletion too ("is being deleted already").
     */
    @Test
    void aDeletionCancelledWhileTheModuleClosesTheServiceCanBeAskedForAgain() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "20.00");
        long serviceId = orderActive(shop, customer);
        String path = "/api/v1/services/" + serviceId;
        simulator.control(new SimulatorControl(0.0, 0, true));
        assertThat(api.delete(ADMIN, path).status()).isEqualTo(202);
        awaitAt(serviceId, ModuleOperationProcess.GATEWAY_RETRY_LATER_OR_WITHDRAWN);
        simulator.control(new SimulatorControl(0.0, 0, false));

        Answer cancel = engine(HttpMethod.DELETE, "/process-instance/" + instance(serviceId,
                "ServiceDeletionProcess"), null);

        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(204);
        assertThat(service(serviceId).get("status").asText()).isEqualTo("ACTIVE");
        Answer suspend = api.post(ADMIN, path + "/suspend", Map.of("reason", "ADMIN"));
        assertThat(suspend.status()).as(suspend.toString()).isEqualTo(202);
        settle(serviceId);
        assertThat(service(serviceId).get("status").asText()).isEqualTo("SUSPENDED");
        Answer delete = api.delete(ADMIN, path);
        assertThat(delete.status()).as(delete.toString()).isEqualTo(202);
        settle(serviceId);
        assertThat(service(serviceId).get("status").asText()).isEqualTo("DELETED");
        assertThat(vms(serviceId)).as("the VM closed").isZero();
    }

    /**
     * Cockpit's cancel with "skip custom listeners" (and skip IO mappings) on a suspension whose module call waits:
     * the service's lane stayed taken by the gone instance until its lease ran out, an hour (hostflow.modules.queue
     * .running-lease) plus up to a queue-recheck (5 min), and every suspension, resume, parameter change and deletion
     * of the service waited that long.
     */
    @Test
    void aSuspensionCancelledWithoutItsListenersGivesTheServicesLaneBackAtOnce() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "20.00");
        long serviceId = orderActive(shop, customer);
        String path = "/api/v1/services/" + serviceId;
        simulator.control(new SimulatorControl(0.0, 0, true));
        assertThat(api.post(ADMIN, path + "/suspend", Map.of("reason", "ADMIN")).status()).isEqualTo(202);
        awaitAt(serviceId, ModuleOperationProcess.GATEWAY_RETRY_LATER_OR_WITHDRAWN);
        simulator.control(new SimulatorControl(0.0, 0, false));

        Answer cancel = engine(HttpMethod.DELETE, "/process-instance/" + instance(serviceId,
                "ServiceSuspensionProcess") + "?skipCustomListeners=true&skipIoMappings=true", null);

        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(204);
        assertThat(lane(serviceId)).isEqualTo("[]");
        assertThat(api.post(ADMIN, path + "/suspend", Map.of("reason", "ADMIN")).status()).isEqualTo(202);
        settle(serviceId);
        assertThat(service(serviceId).get("status").asText()).isEqualTo("SUSPENDED");
    }

    /**
     * Cancelling the module operation an order called (the open, waiting to retry a module that is down) ends the
     * order too (the engine's rule). The service stayed PROCESSING with no process, paid; an admin's deletion gave
     * back only the unused days. Now the order fails and is refunded in full, as a failed open is, with or without
     * the listeners.
     */
    @Test
    void anOpenCancelledInCockpitFailsItsOrderAndRefundsItInFull() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "20.00");
        simulator.control(new SimulatorControl(0.0, 0, true));
        long withListeners = order(shop, customer);
        long withoutListeners = order(shop, customer);
        awaitAt(withListeners, ModuleOperationProcess.GATEWAY_RETRY_LATER_OR_WITHDRAWN);
        awaitAt(withoutListeners, ModuleOperationProcess.GATEWAY_RETRY_LATER_OR_WITHDRAWN);
        assertThat(api.balance(ADMIN, customer.id())).as("both paid").isEqualTo("0.00");

        Answer cancel = engine(HttpMethod.DELETE, "/process-instance/" + instance(withListeners,
                "ModuleOperationProcess"), null);
        Answer cancelSkipping = engine(HttpMethod.DELETE, "/process-instance/" + instance(withoutListeners,
                "ModuleOperationProcess") + "?skipCustomListeners=true&skipIoMappings=true", null);
        simulator.control(new SimulatorControl(0.0, 0, false));

        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(204);
        assertThat(cancelSkipping.status()).as(cancelSkipping.toString()).isEqualTo(204);
        for (long serviceId : List.of(withListeners, withoutListeners)) {
            assertThat(service(serviceId).get("status").asText()).isEqualTo("FAILED");
            assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId))
                    .count()).isZero();
        }
        assertThat(api.balance(ADMIN, customer.id())).as("both refunded in full").isEqualTo("20.00");
    }

    /**
     * An order cancelled in Cockpit after the module made its VM (VMmanager still creating it, the open polling),
     * and another whose open itself was cancelled then: both fail and are refunded in full, as before, and the VMs go
     * too. They stayed at the module, of no service, until the drift sync handed them to the department.
     */
    @Test
    void anOrderCancelledAfterTheModuleMadeItsVmClosesIt() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "20.00");
        simulator.control(new SimulatorControl(0.0, Duration.ofHours(1).toMillis(), false));
        long orderCancelled = order(shop, customer);
        long openCancelled = order(shop, customer);
        for (long serviceId : List.of(orderCancelled, openCancelled)) {
            awaitAt(serviceId, "Timer_PollWait");
            assertThat(vms(serviceId)).as("the VM being made").isEqualTo(1);
        }
        simulator.control(new SimulatorControl(0.0, 0, false));

        cancelWhilePolling(instance(orderCancelled, "ServiceOrderProcess"));
        cancelWhilePolling(instance(openCancelled, "ModuleOperationProcess"));

        for (long serviceId : List.of(orderCancelled, openCancelled)) {
            settle(serviceId);
            assertFailedWithNothingLeft(serviceId);
        }
        assertThat(api.balance(ADMIN, customer.id())).as("both refunded in full").isEqualTo("20.00");
    }

    /**
     * A FAILED service whose close still waits for VMmanager (down) is removed by its client at once, and the close
     * goes on by itself and takes the VM: it reads neither the service's status nor its credentials.
     */
    @Test
    void aFailedServiceRemovedWhileItsCloseWaitsLosesItsVmAllTheSame() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "10.00");
        simulator.control(new SimulatorControl(0.0, Duration.ofHours(1).toMillis(), false));
        long serviceId = order(shop, customer);
        awaitAt(serviceId, "Timer_PollWait");
        simulator.control(new SimulatorControl(0.0, 0, true));
        cancelWhilePolling(instance(serviceId, "ServiceOrderProcess"));
        awaitAt(serviceId, ModuleOperationProcess.GATEWAY_RETRY_LATER_OR_WITHDRAWN);
        assertThat(vms(serviceId)).as("the VM the close waits to delete").isEqualTo(1);

        Answer removed = api.delete(customer.login(), "/api/v1/services/" + serviceId);

        assertThat(removed.status()).as(removed.toString()).isEqualTo(202);
        assertThat(removed.body().get("status").asText()).isEqualTo("DELETED");
        simulator.control(new SimulatorControl(0.0, 0, false));
        // the close's next try is minutes away: the clock goes there
        untilItsProcessesEnded(serviceId, Duration.ofHours(1));
        assertThat(vms(serviceId)).as(() -> "no VM left: " + api.describe(serviceId)).isZero();
        assertThat(instances(serviceId)).isZero();
        assertThat(service(serviceId).get("status").asText()).isEqualTo("DELETED");
        assertThat(api.balance(ADMIN, customer.id())).as("refunded in full").isEqualTo("10.00");
    }

    /**
     * An order cancelled while its open is on its way to VMmanager (the host creation held unanswered): the close
     * started for it found nothing yet and was done, and the VM the open made a moment later stayed, of no service.
     * The journal shows the open unanswered, so the close looks again until the VM is there, and deletes it.
     */
    @Test
    void anOrderCancelledWhileItsOpenIsOnItsWayClosesTheVmTheOpenMakes() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "10.00");
        simulator.holdHostCreations();
        long serviceId;
        try {
            serviceId = order(shop, customer);
            await().atMost(WAIT).until(() -> simulator.hostCreationsWaiting() == 1);

            cancelWhilePolling(instance(serviceId, "ServiceOrderProcess"));

            await().atMost(WAIT).until(() -> waitsAt(serviceId, "Timer_PollWait") || instances(serviceId) == 0);
            assertThat(vms(serviceId)).as("nothing made yet").isZero();
        } finally {
            simulator.releaseHostCreations();
        }
        settle(serviceId);
        untilItsProcessesEnded(serviceId, Duration.ofMinutes(1));

        assertFailedWithNothingLeft(serviceId);
        assertThat(api.balance(ADMIN, customer.id())).as("refunded in full").isEqualTo("10.00");
    }

    /** The same as a batch (Cockpit's batch cancel, POST /process-instance/delete), run by the job executor. */
    @Test
    void suspensionsCancelledAsABatchWithoutTheirListenersGiveTheirLanesBack() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "30.00");
        long first = orderActive(shop, customer);
        long second = orderActive(shop, customer);
        simulator.control(new SimulatorControl(0.0, 0, true));
        for (long serviceId : List.of(first, second)) {
            api.ok(api.post(ADMIN, "/api/v1/services/" + serviceId + "/suspend", Map.of("reason", "ADMIN")));
            awaitAt(serviceId, ModuleOperationProcess.GATEWAY_RETRY_LATER_OR_WITHDRAWN);
        }
        simulator.control(new SimulatorControl(0.0, 0, false));
        List<String> ids = List.of(instance(first, "ServiceSuspensionProcess"),
                instance(second, "ServiceSuspensionProcess"));

        Answer batch = engine(HttpMethod.POST, "/process-instance/delete", Map.of("processInstanceIds", ids,
                "deleteReason", "cancelled in Cockpit", "skipCustomListeners", true, "skipSubprocesses", false));

        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        await().atMost(WAIT).until(() -> runtime.createProcessInstanceQuery().processInstanceIds(
                new java.util.HashSet<>(ids)).count() == 0);
        assertThat(lane(first)).isEqualTo("[]");
        assertThat(lane(second)).isEqualTo("[]");
        assertThat(api.post(ADMIN, "/api/v1/services/" + first + "/suspend", Map.of("reason", "ADMIN")).status())
                .isEqualTo(202);
        settle(first);
        assertThat(service(first).get("status").asText()).isEqualTo("SUSPENDED");
    }

    /**
     * A prolongation waiting for money, cancelled without its listeners: its claim on the service stayed for good,
     * so the client's prolongation answered 409 "is being prolonged already" forever and the billing run never
     * charged the service again.
     */
    @Test
    void aProlongationCancelledWithoutItsListenersGivesItsClaimBack() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "10.00");
        long serviceId = unpaidAndSuspended(shop, customer);

        Answer cancel = engine(HttpMethod.DELETE, "/process-instance/" + instance(serviceId,
                "ServiceProlongationProcess") + "?skipCustomListeners=true", null);

        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(204);
        assertThat(claim(serviceId)).isNull();
        api.pay(ADMIN, customer.id(), "10.00");
        Answer prolong = api.post(customer.login(), "/api/v1/services/" + serviceId + "/prolong",
                Map.of("period", "MONTH"));
        assertThat(prolong.status()).as(prolong.toString()).isEqualTo(202);
        settle(serviceId);
        assertThat(service(serviceId).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(api.balance(ADMIN, customer.id())).isEqualTo("0.00");
    }

    /**
     * An admin deletes the prolongation's serviceId variable, then cancels it: the end listener threw (NPE), the
     * engine REST answered the cancel with 400 "missing a required part", and the client's prolongation with 500.
     * The engine REST now refuses that deletion (400 naming serviceId, EngineRestIdentityVariables); the Java API
     * still can, and the cancel still works.
     */
    @Test
    void aProlongationWhoseServiceIdWasDeletedCanStillBeCancelled() {
        WaitingForMoney waiting = waitingForMoney();
        long serviceId = waiting.serviceId();
        String prolongation = waiting.prolongation();
        Answer deleted = engine(HttpMethod.DELETE, "/process-instance/" + prolongation + "/variables/serviceId", null);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(400);
        assertThat(deleted.toString()).contains("serviceId");
        runtime.removeVariable(prolongation, "serviceId");

        Answer cancel = engine(HttpMethod.DELETE, "/process-instance/" + prolongation, null);

        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(204);
        assertThat(claim(serviceId)).isNull();
    }

    /**
     * An unpaid order suspended in Cockpit, its service deleted meanwhile (the deletion's message cannot reach a
     * suspended instance, so a ServiceDeletionProcess deletes it), then the order activated again: when its deadline
     * came, the last look at the balance charged the first period of the DELETED service, made it PROCESSING and
     * opened a VM for it. Activated, it hears the payment and the deletion kept for it: the first asked the client to
     * pay for the DELETED service, the second sent "order cancelled" after the deletion's "service deleted". The
     * order is cancelled without a word now; the client heard of the deletion. The order is CANCELLED as soon as its
     * service is DELETED: it stayed AWAITING_PAYMENT until an admin activated its instance.
     */
    @Test
    void anOrderSuspendedInCockpitWhileItsServiceWasDeletedNeitherChargesNorOpens() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "0");
        JsonNode placed = placeOrder(shop, customer);
        long serviceId = placed.get("serviceId").asLong();
        await().atMost(WAIT).until(() -> waitsAt(serviceId, "Gateway_PaymentOrExpiry"));
        String order = instance(serviceId, "ServiceOrderProcess");
        setSuspended(order, true);
        api.pay(ADMIN, customer.id(), "5.00");
        assertThat(api.delete(customer.login(), "/api/v1/services/" + serviceId).status()).isEqualTo(202);
        settle(serviceId);
        assertThat(service(serviceId).get("status").asText()).isEqualTo("DELETED");
        assertThat(api.ok(api.get(ADMIN, "/api/v1/orders/" + placed.get("orderId").asLong())).get("status")
                .asText()).as("cancelled with its service, its instance still suspended").isEqualTo("CANCELLED");
        setSuspended(order, false);
        settle(serviceId);
        assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(order)
                .singleResult().getEndActivityId()).isEqualTo("EndEvent_CancelledAfterDeletion");
        assertThat(api.ok(api.get(ADMIN, "/api/v1/orders/" + placed.get("orderId").asLong())).get("status")
                .asText()).isEqualTo("CANCELLED");
        assertThat(jdbc.queryForList("select event from hostflow.notification where client_id = ? order by id",
                String.class, customer.id())).as("the deletion told once").containsExactly("order-awaiting-payment",
                        "payment-received", "service-deleted");
        api.pay(ADMIN, customer.id(), "20.00");

        api.moveClock(ADMIN, api.now(ADMIN).plus(4, ChronoUnit.DAYS));
        settle(serviceId);

        assertThat(runtime.createProcessInstanceQuery().processInstanceId(order).count()).as("the order ended")
                .isZero();
        assertThat(service(serviceId).get("status").asText()).isEqualTo("DELETED");
        assertThat(api.balance(ADMIN, customer.id())).as("nothing charged").isEqualTo("25.00");
        assertThat(vms(serviceId)).as("no VM").isZero();
    }

    /**
     * A prolongation waiting for money, suspended in Cockpit while its client deleted the service: the deletion's
     * message skipped the suspended instance, so once activated it waited on a DELETED service for money (or for its
     * auto-deletion's timer, weeks later). The message is kept and heard on the activation.
     */
    @Test
    void aDeletionOfAServiceWhoseProlongationIsSuspendedEndsTheWaitOnceItIsActivated() {
        WaitingForMoney waiting = waitingForMoney();
        Customer customer = waiting.customer();
        long serviceId = waiting.serviceId();
        String prolongation = waiting.prolongation();
        deletedWhileSuspended(prolongation, customer, serviceId);

        assertThat(service(serviceId).get("status").asText()).isEqualTo("DELETED");
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(prolongation).count())
                .as(() -> "the prolongation ended: " + api.describe(serviceId)).isZero();
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(prolongation)
                .activityId("EndEvent_DeletedByRequest").count()).isOne();
    }

    /**
     * A client's prolongation of a service whose prolongation, waiting for money, an admin suspended in Cockpit: the
     * suspended wait cannot take the period and charge it in the request, so the request is refused, saying so, and
     * nothing is charged; the payment it was waiting for is kept and prolongs the service once it is activated. It
     * answered "is being prolonged already", as if another prolongation were at work.
     */
    @Test
    void aProlongationRequestForAProlongationSuspendedInCockpitSaysAnAdministratorHoldsIt() {
        WaitingForMoney waiting = waitingForMoney();
        Customer customer = waiting.customer();
        long serviceId = waiting.serviceId();
        String prolongation = waiting.prolongation();
        setSuspended(prolongation, true);
        api.pay(ADMIN, customer.id(), "10.00");

        Answer held = api.post(customer.login(), "/api/v1/services/" + serviceId + "/prolong",
                Map.of("period", "MONTH"));

        assertThat(held.status()).as(held.toString()).isEqualTo(409);
        assertThat(held.body().get("detail").asText()).contains("held by an administrator")
                .doesNotContain("being prolonged already");
        assertThat(api.balance(ADMIN, customer.id())).as("nothing charged").isEqualTo("10.00");
        setSuspended(prolongation, false);
        settle(serviceId);
        assertThat(service(serviceId).get("status").asText()).as(() -> api.describe(serviceId)).isEqualTo("ACTIVE");
        assertThat(api.balance(ADMIN, customer.id())).as("the kept payment charged once").isEqualTo("0.00");
    }

    /**
     * An open done by hand, suspended in Cockpit while the client deleted the service being opened: the withdrawal
     * skipped the suspended instance, so once activated its department still had the open's task (and, done, a
     * close task after it). The withdrawal is kept and ends the task on the activation; the order goes on as for an
     * open withdrawn unsuspended (the manual module took the service: its department closes it).
     */
    @Test
    void anOpenSuspendedInCockpitWhileItsServiceWasDeletedIsWithdrawnOnceItIsActivated() {
        Shop simulated = shop("IMMEDIATELY");
        ManualModuleTariff manual = ManualModuleTariff.create(
                (path, body) -> api.ok(api.post(ADMIN, "/api/v1" + path, body)).get("id").asLong(),
                "Hands " + unique, "hands-" + unique, "Manual " + unique,
                moduleId -> ManualModuleTariff.monthlyTariff(simulated.providerId(), "Manual VPS " + unique, moduleId));
        Shop shop = new Shop(simulated.providerId(), manual.tariffId(), manual.moduleId());
        Customer customer = customer(shop, "10.00");
        long serviceId = order(shop, customer);
        awaitAt(serviceId, "Task_DoManualWork");
        String open = instance(serviceId, ModuleOperationProcess.KEY);
        deletedWhileSuspended(open, customer, serviceId);

        assertThat(runtime.createProcessInstanceQuery().processInstanceId(open).count())
                .as(() -> "the open ended: " + api.describe(serviceId)).isZero();
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(open)
                .activityId(ModuleOperationProcess.END_MANUAL_WORK_WITHDRAWN).count()).isOne();
    }

    /**
     * A parameter change cancelled in Cockpit while the module applies it: the service kept the new RAM it was
     * charged for but never got, and every later change answered 409 "has a parameter change in progress" for good.
     */
    @Test
    void aParameterChangeCancelledInCockpitIsUndone() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "30.00");
        long serviceId = orderActive(shop, customer);
        String path = "/api/v1/services/" + serviceId;
        simulator.control(new SimulatorControl(0.0, 0, true));
        assertThat(api.post(customer.login(), path + "/parameters", Map.of("addons", Map.of("ram", 4096)))
                .status()).isEqualTo(202);
        awaitAt(serviceId, ModuleOperationProcess.GATEWAY_RETRY_LATER_OR_WITHDRAWN);
        simulator.control(new SimulatorControl(0.0, 0, false));
        assertThat(api.balance(ADMIN, customer.id())).isEqualTo("16.00");

        Answer cancel = engine(HttpMethod.DELETE, "/process-instance/" + instance(serviceId,
                "ParameterChangeProcess"), null);

        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(204);
        assertThat(service(serviceId).get("addons").get("ram").asLong()).isEqualTo(2048);
        assertThat(api.balance(ADMIN, customer.id())).as("the 4.00 back").isEqualTo("20.00");
        Answer again = api.post(customer.login(), path + "/parameters", Map.of("addons", Map.of("ram", 4096)));
        assertThat(again.status()).as(again.toString()).isEqualTo(202);
        settle(serviceId);
        assertThat(service(serviceId).get("addons").get("ram").asLong()).isEqualTo(4096);
        assertThat(api.balance(ADMIN, customer.id())).isEqualTo("16.00");
    }

    /**
     * An admin moves an order past its module call (cancel Task_OpenInModule, start before Task_ActivateService)
     * while no module was chosen yet (VMmanager down): the service is ACTIVE in no module and without a VM. A
     * suspension or parameter change of it answered 500 (IllegalStateException "has no processing module yet" in the
     * request's transaction); they answer 409, and the service can still be deleted.
     */
    @Test
    void aServiceWhoseSetUpWasSkippedInCockpitAnswersChangesWith409() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "30.00");
        simulator.control(new SimulatorControl(0.0, 0, true));
        long serviceId = order(shop, customer);
        awaitAt(serviceId, ModuleOperationProcess.GATEWAY_RETRY_LATER_OR_WITHDRAWN);
        simulator.control(new SimulatorControl(0.0, 0, false));
        String order = instance(serviceId, "ServiceOrderProcess");
        assertThat(engine(HttpMethod.POST, "/process-instance/" + order + "/modification", Map.of("instructions",
                List.of(Map.of("type", "cancel", "activityInstanceId", activityInstance(order, "Task_OpenInModule")),
                        Map.of("type", "startBeforeActivity", "activityId", "Task_ActivateService")))).status())
                .isEqualTo(204);
        settle(serviceId);
        assertThat(service(serviceId).get("status").asText()).isEqualTo("ACTIVE");
        String path = "/api/v1/services/" + serviceId;

        Answer suspend = api.post(ADMIN, path + "/suspend", Map.of("reason", "ADMIN"));
        Answer change = api.post(customer.login(), path + "/parameters", Map.of("addons", Map.of("ram", 4096)));

        assertThat(suspend.status()).as(suspend.toString()).isEqualTo(409);
        assertThat(suspend.body().get("detail").asText()).contains("no processing module");
        assertThat(change.status()).as(change.toString()).isEqualTo(409);
        assertThat(api.delete(ADMIN, path).status()).isEqualTo(202);
        settle(serviceId);
        assertThat(service(serviceId).get("status").asText()).isEqualTo("DELETED");
    }

    /**
     * A resume cancelled in Cockpit while a worker's call to start the VM is still under way (fifth race probe): the
     * cancel gives the service's turn back at once while the call goes on; an ABUSE suspension then finds the service
     * stopped already and calls nothing, and the start lands after it. The lost answer is journaled and the service
     * synced at once, which stops the VM again (RUNNING_WHILE_SUSPENDED → REPAIR); before, it ran behind a SUSPENDED
     * service until the next round of syncs, hours later.
     */
    @Test
    void aResumeCancelledWhileItsModuleCallRunsLeavesNoRunningVmBehindASuspension() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "20.00");
        long serviceId = orderActive(shop, customer);
        String path = "/api/v1/services/" + serviceId;
        assertThat(api.post(ADMIN, path + "/suspend", Map.of("reason", "ADMIN")).status()).isEqualTo(202);
        settle(serviceId);
        long host = service(serviceId).get("externalId").asLong();
        assertThat(simulator.host(host).get("state")).isEqualTo("stopped");

        simulator.answerDelayMs(1500);
        try {
            assertThat(api.post(ADMIN, path + "/resume", Map.of("reason", "ADMIN")).status()).isEqualTo(202);
            await().atMost(WAIT).until(() -> callsUnderWay() > 0);
            Answer cancel = engine(HttpMethod.DELETE, "/process-instance/" + instance(serviceId,
                    "ServiceResumeProcess"), null);
            assertThat(cancel.status()).as(cancel.toString()).isEqualTo(204);
        } finally {
            simulator.answerDelayMs(0);
        }
        assertThat(api.post(ADMIN, path + "/suspend", Map.of("reason", "ABUSE")).status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> callsUnderWay() == 0);
        settle(serviceId);

        assertThat(service(serviceId).get("status").asText()).isEqualTo("SUSPENDED");
        await().atMost(WAIT).untilAsserted(() -> assertThat(simulator.host(host).get("state"))
                .as(() -> "the VM of a SUSPENDED service: " + api.describe(serviceId)).isEqualTo("stopped"));
        assertThat(jdbc.queryForObject("select count(*) from hostflow.service_operation where service_id = ? and"
                + " operation = 'resume' and message like 'answered after its process ended%'", Integer.class,
                serviceId)).as("the lost answer journaled").isEqualTo(1);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    record Shop(long providerId, long tariffId, long moduleId) {
    }

    record Customer(long id, Login login) {
    }

    /** A customer's service whose first month ran out unpaid, and its prolongation waiting for money. */
    record WaitingForMoney(Customer customer, long serviceId, String prolongation) {
    }

    private WaitingForMoney waitingForMoney() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "10.00");
        long serviceId = unpaidAndSuspended(shop, customer);
        return new WaitingForMoney(customer, serviceId, instance(serviceId, "ServiceProlongationProcess"));
    }

    /** A service whose first month ran out unpaid: suspended for BILLING, its prolongation waiting for money. */
    private long unpaidAndSuspended(Shop shop, Customer customer) {
        api.moveClock(ADMIN, Instant.parse("2027-05-03T09:00:00Z"));
        long serviceId = orderActive(shop, customer);
        api.moveClock(ADMIN, Instant.parse(service(serviceId).get("paidUntil").asText())
                .plus(2, ChronoUnit.HOURS));
        assertThat(api.post(ADMIN, "/api/v1/billing/run", null).status()).isEqualTo(202);
        awaitAt(serviceId, "Gateway_WaitForMoneyOrDeletion");
        settle(serviceId);
        return serviceId;
    }

    /**
     * {@code ServiceOrderProcess} started again by hand through the engine REST for an order that has its process
     * (found by a probe): for an ACTIVE service it opened a second VM, left the first running for no service, moved
     * the paid period and sent "ready" again; for an order waiting for money, both processes would pay and open it.
     * Each is 400 with nothing started, as is an order named with another service; the order's own process goes on.
     */
    @Test
    void anOrderProcessStartedAgainByHandIsRefused() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "10.00");
        JsonNode activeOrder = placeOrder(shop, customer);
        long active = activeOrder.get("serviceId").asLong();
        settle(active);
        JsonNode activeService = service(active);
        assertThat(activeService.get("status").asText()).as(() -> api.describe(active)).isEqualTo("ACTIVE");
        JsonNode waitingOrder = placeOrder(shop, customer);
        long waiting = waitingOrder.get("serviceId").asLong();
        settle(waiting);
        assertThat(service(waiting).get("status").asText()).as("no money left").isEqualTo("ORDERED");

        for (long[] start : new long[][] {{active, activeOrder.get("orderId").asLong(), active},
            {waiting, waitingOrder.get("orderId").asLong(), waiting},
            {active, waitingOrder.get("orderId").asLong(), active}}) {
            Answer again = engine(HttpMethod.POST, "/process-definition/key/ServiceOrderProcess/start", Map.of(
                    "businessKey", Long.toString(start[2]), "variables", Map.of(
                            "serviceId", Map.of("value", start[0], "type", "Long"),
                            "orderId", Map.of("value", start[1], "type", "Long"))));
            assertThat(again.status()).as(again.toString()).isEqualTo(400);
            assertThat(again.body().path("message").asText()).as(again.toString())
                    .containsAnyOf("has its order process already", "is for service");
        }
        settle(active);
        assertThat(vms(active)).as(() -> api.describe(active)).isOne();
        assertThat(service(active).get("externalId")).isEqualTo(activeService.get("externalId"));
        assertThat(service(active).get("paidUntil")).isEqualTo(activeService.get("paidUntil"));
        assertThat(instances(waiting)).as("its own order process only").isOne();

        api.pay(ADMIN, customer.id(), "10.00");
        settle(waiting);
        assertThat(service(waiting).get("status").asText()).as(() -> api.describe(waiting)).isEqualTo("ACTIVE");
        assertThat(vms(waiting)).isOne();
        assertThat(api.balance(ADMIN, customer.id())).as("each order paid once").isEqualTo("0.00");
    }

    /**
     * {@code ModuleOperationProcess} started by hand with {@code operation=open} for an ACTIVE service (found by a
     * probe): it made a second VM, took over the service's external id and addresses and left the first VM running
     * for no service. 400 with nothing started, also when the start skips custom listeners and begins at a later
     * activity.
     */
    @Test
    void aModuleOpenStartedByHandIsRefused() {
        Shop shop = shop("IMMEDIATELY");
        long active = orderActive(shop, customer(shop, "10.00"));
        JsonNode before = service(active);
        Map<String, Object> variables = Map.of("serviceId", Map.of("value", active, "type", "Long"),
                "operation", Map.of("value", "open", "type", "String"),
                "operationKey", Map.of("value", active + "-open-by-hand-" + unique, "type", "String"));

        for (Map<String, Object> start : List.of(Map.of("businessKey", Long.toString(active), "variables", variables),
                Map.of("businessKey", Long.toString(active), "variables", variables, "skipCustomListeners", true,
                        "startInstructions", List.of(Map.of("type", "startBeforeActivity",
                                "activityId", "Task_AcquireQueueSlot"))))) {
            Answer open = engine(HttpMethod.POST, "/process-definition/key/ModuleOperationProcess/start", start);
            assertThat(open.status()).as(open.toString()).isEqualTo(400);
            assertThat(open.body().path("message").asText()).contains("only for its order");
        }
        settle(active);
        assertThat(instances(active)).isZero();
        assertThat(vms(active)).as(() -> api.describe(active)).isOne();
        assertThat(service(active).get("externalId")).isEqualTo(before.get("externalId"));
        assertThat(service(active).get("ipAddresses")).isEqualTo(before.get("ipAddresses"));
    }

    /**
     * An order's and a parameter change's process started by hand past their first step, as Cockpit's start form
     * and the engine REST allow ({@code startInstructions}, {@code skipCustomListeners}), and a failed service's
     * close started for an ACTIVE service were started (200, found by a probe that stopped at the answers; the one
     * at Task_CancelPaidOrder lost a row lock to the open started just before it, 500). Their paths:
     * Task_OpenInModule opens a second VM for the ACTIVE service, Task_CancelPaidOrder refunds its paid order,
     * Task_RevertParameterChange credits the made-up amount, the failed close closes the running VM; the
     * finished order and change restarted ({@code POST /process-definition/{id}/restart}) at those steps likewise.
     * Each is 400, nothing started or moved.
     */
    @Test
    void processesStartedByHandPastTheirFirstStepAreRefused() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "30.00");
        JsonNode order = placeOrder(shop, customer);
        long active = order.get("serviceId").asLong();
        settle(active);
        String path = "/api/v1/services/" + active;
        assertThat(api.post(customer.login(), path + "/parameters", Map.of("addons", Map.of("ram", 4096)))
                .status()).isEqualTo(202);
        settle(active);
        JsonNode before = service(active);
        assertThat(before.get("status").asText()).as(() -> api.describe(active)).isEqualTo("ACTIVE");
        assertThat(api.balance(ADMIN, customer.id())).isEqualTo("16.00");
        Map<String, Object> orderVariables = Map.of("serviceId", Map.of("value", active, "type", "Long"),
                "orderId", Map.of("value", order.get("orderId").asLong(), "type", "Long"));
        Map<String, Object> changeVariables = Map.of("serviceId", Map.of("value", active, "type", "Long"),
                "changeKey", Map.of("value", "by-hand-" + unique, "type", "String"),
                "amount", Map.of("value", "4.00", "type", "String"));
        Map<String, Object> closeVariables = Map.of("serviceId", Map.of("value", active, "type", "Long"));
        Map<String, String> answers = new LinkedHashMap<>();
        for (String[] start : new String[][] {{"ServiceOrderProcess", "Task_OpenInModule"},
            {"ServiceOrderProcess", "Task_CancelPaidOrder"}, {"ParameterChangeProcess", "Task_RevertParameterChange"},
            {"ParameterChangeProcess", null}, {"FailedServiceCloseProcess", null}}) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("businessKey", Long.toString(active));
            body.put("variables", start[0].equals("ServiceOrderProcess") ? orderVariables
                    : start[0].equals("ParameterChangeProcess") ? changeVariables : closeVariables);
            if (start[1] != null) {
                body.put("skipCustomListeners", true);
                body.put("startInstructions", List.of(Map.of("type", "startBeforeActivity", "activityId", start[1])));
            }
            answers.put(start[0] + " at " + start[1],
                    engine(HttpMethod.POST, "/process-definition/key/" + start[0] + "/start", body).toString());
        }
        for (String[] restart : new String[][] {{"ServiceOrderProcess", "Task_OpenInModule"},
            {"ParameterChangeProcess", "Task_RevertParameterChange"}}) {
            HistoricProcessInstance done = engine.getHistoryService().createHistoricProcessInstanceQuery()
                    .processInstanceBusinessKey(Long.toString(active)).processDefinitionKey(restart[0]).finished()
                    .singleResult();
            answers.put("restart of " + restart[0] + " at " + restart[1], engine(HttpMethod.POST,
                    "/process-definition/" + done.getProcessDefinitionId() + "/restart", Map.of(
                            "processInstanceIds", List.of(done.getId()), "initialVariables", true,
                            "skipCustomListeners", true, "instructions", List.of(Map.of(
                                    "type", "startBeforeActivity", "activityId", restart[1])))).toString());
        }
        assertThat(answers).as("each start refused").allSatisfy((start, answer) -> assertThat(answer)
                .contains("status=400"));
        settle(active);
        assertThat(instances(active)).isZero();
        assertThat(vms(active)).as(() -> api.describe(active)).isOne();
        assertThat(service(active).get("externalId")).isEqualTo(before.get("externalId"));
        assertThat(service(active).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(service(active).get("addons").get("ram").asLong()).isEqualTo(4096);
        assertThat(api.balance(ADMIN, customer.id())).as("no money moved").isEqualTo("16.00");
    }

    /**
     * The processes only HostFlow starts, started by hand through the engine REST for a paid ACTIVE service (found
     * by a probe on the demo, each 200): a prolongation charged the next period early, started at
     * Task_SuspendForBilling it charged it too (the suspension's payment check), at Task_DeleteUnpaid it deleted the
     * service and its VM; a deletion deleted it with no audit entry (at Task_CloseInModule with no deletion on
     * record either); a module close deleted the ACTIVE service's VM; a suspension, resume, password reset and
     * billing run ran without the API's checks and audit entry. Each is 400 naming the API's request, nothing
     * started; the billing run's own timer still starts it.
     */
    @Test
    void processesOnlyHostFlowStartsAreRefusedByHand() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "10.00");
        long active = orderActive(shop, customer);
        JsonNode before = service(active);
        Map<String, Object> service = Map.of("serviceId", Map.of("value", active, "type", "Long"));
        Map<String, String> answers = new LinkedHashMap<>();
        for (String[] start : new String[][] {{"ServiceProlongationProcess", null, null},
            {"ServiceProlongationProcess", "Task_SuspendForBilling", null},
            {"ServiceProlongationProcess", "Task_DeleteUnpaid", null}, {"ServiceDeletionProcess", null, null},
            {"ServiceDeletionProcess", "Task_CloseInModule", null}, {"ModuleOperationProcess", null, "close"},
            {"ModuleOperationProcess", null, "suspend"}, {"ModuleOperationProcess", null, "resume"},
            {"ModuleOperationProcess", null, "setparam"}, {"ServiceSuspensionProcess", null, "ADMIN"},
            {"ServiceResumeProcess", null, "ADMIN"}, {"ServicePasswordResetProcess", null, null},
            {"BillingRunProcess", null, null}, {"BillingRunLaneProcess", null, null},
            {"ServiceExpiryReminderProcess", null, null}, {"NotificationFailedProcess", null, null}}) {
            Map<String, Object> variables = new LinkedHashMap<>(start[0].startsWith("BillingRun") ? Map.of()
                    : service);
            if (start[0].equals("ModuleOperationProcess")) {
                variables.put("operation", Map.of("value", start[2], "type", "String"));
                variables.put("operationKey", Map.of("value", active + "-" + start[2] + "-by-hand", "type",
                        "String"));
            } else if (start[2] != null) {
                variables.put(start[0].equals("ServiceSuspensionProcess") ? "reason" : "reasons",
                        Map.of("value", start[2], "type", "String"));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            if (!start[0].startsWith("BillingRun")) {
                body.put("businessKey", Long.toString(active));
            }
            body.put("variables", variables);
            if (start[1] != null) {
                body.put("skipCustomListeners", true);
                body.put("startInstructions", List.of(Map.of("type", "startBeforeActivity", "activityId", start[1])));
            }
            answers.put(start[0] + " " + start[1] + " " + start[2],
                    engine(HttpMethod.POST, "/process-definition/key/" + start[0] + "/start", body).toString());
        }
        assertThat(answers).as("each start refused").allSatisfy((start, answer) -> assertThat(answer)
                .contains("status=400", "not by hand"));
        settle(active);
        assertThat(instances(active)).isZero();
        assertThat(vms(active)).as(() -> api.describe(active)).isOne();
        JsonNode after = service(active);
        assertThat(after.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(after.get("statusReasons")).isEmpty();
        assertThat(after.get("paidUntil")).isEqualTo(before.get("paidUntil"));
        assertThat(api.balance(ADMIN, customer.id())).as("no money moved").isEqualTo("0.00");
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("BillingRunProcess").count()).isZero();

        // its timer's job (due at night, or run now in Cockpit) starts the billing run as before
        long runs = engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processDefinitionKey("BillingRunProcess").count();
        management.executeJob(management.createJobQuery().processDefinitionKey("BillingRunProcess").timers()
                .singleResult().getId());
        assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processDefinitionKey("BillingRunProcess").count()).isEqualTo(runs + 1);
        settle(active);
    }

    /** The service's one prolongation, running or ended. */
    private String prolongation(long serviceId) {
        return engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(Long.toString(serviceId)).processDefinitionKey("ServiceProlongationProcess")
                .orderByProcessInstanceStartTime().desc().list().get(0).getId();
    }

    /**
     * A running prolongation (paid and resuming the service, its module's start still under way) modified in Cockpit
     * to Task_DeleteUnpaid and to Task_SuspendForBilling: the called deletion has a caller, so the start check let it
     * through, and it deleted the paid service and its VM. The deletion no one asked for and the BILLING suspension
     * now end at once for a service paid past today (Gateway_PaidPastToday, Gateway_PaidBefore): the service stays
     * ACTIVE with its VM, paid as before, nothing charged again.
     */
    @Test
    void aProlongationModifiedToDeleteOrSuspendAPaidServiceLeavesItAlone() {
        Shop shop = shop("IMMEDIATELY");
        Customer customer = customer(shop, "10.00");
        long serviceId = unpaidAndSuspended(shop, customer);
        simulator.control(new SimulatorControl(0.0, 600_000, false));
        JsonNode paid;
        try {
            api.pay(ADMIN, customer.id(), "10.00");
            awaitAt(serviceId, "Task_ResumeAfterPayment");
            paid = service(serviceId);
            assertThat(Instant.parse(paid.get("paidUntil").asText())).isAfter(clock.now().plus(1, ChronoUnit.DAYS));
            String prolongation = instance(serviceId, "ServiceProlongationProcess");
            for (String step : List.of("Task_DeleteUnpaid", "Task_SuspendForBilling")) {
                Answer modify = engine(HttpMethod.POST, "/process-instance/" + prolongation + "/modification",
                        Map.of("instructions", List.of(Map.of("type", "startBeforeActivity", "activityId", step))));
                assertThat(modify.status()).as(modify.toString()).isEqualTo(204);
            }
        } finally {
            simulator.control(new SimulatorControl(0.0, 0, false));
            simulator.finishRunningTasks();
        }
        untilItsProcessesEnded(serviceId, Duration.ofMinutes(5));

        JsonNode after = service(serviceId);
        assertThat(after.get("status").asText()).as(() -> api.describe(serviceId)).isEqualTo("ACTIVE");
        assertThat(after.get("statusReasons")).isEmpty();
        assertThat(after.get("deletionReason").isNull()).as(after.toString()).isTrue();
        // the prolongation's history says the deletion did nothing (it said "Deleted unpaid")
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery()
                .processInstanceId(prolongation(serviceId)).finished().list().stream()
                .map(a -> a.getActivityId()).filter(id -> id.startsWith("EndEvent_")))
                .contains("EndEvent_NotDeletedPaid").doesNotContain("EndEvent_DeletedUnpaid");
        assertThat(after.get("paidUntil")).isEqualTo(paid.get("paidUntil"));
        assertThat(vms(serviceId)).isOne();
        assertThat(api.balance(ADMIN, customer.id())).as("nothing charged again").isEqualTo("0.00");
    }

    /**
     * Two admins (or a double click) start a deleted service's failed close by hand at the same moment: each start's
     * check looked for a close beside it before either was written, and both started, two closes of one VM. The
     * check takes the service's row lock, so the second waits for the first to commit, sees it and is refused. The
     * first holds its transaction open until the second has passed its check or waits for the lock.
     */
    @Test
    void twoFailedClosesStartedByHandAtOnceStartOne() throws Exception {
        Shop shop = shop("IMMEDIATELY");
        long deleted = orderActive(shop, customer(shop, "10.00"));
        assertThat(api.delete(ADMIN, "/api/v1/services/" + deleted).status()).isEqualTo(202);
        untilItsProcessesEnded(deleted, Duration.ofMinutes(5));
        assertThat(service(deleted).get("status").asText()).isEqualTo("DELETED");
        // the closes wait at the module, so the first still runs when the second looks
        simulator.control(new SimulatorControl(0.0, 0, true));
        Map<String, Object> variables = Map.of("serviceId", deleted);
        String key = Long.toString(deleted);
        ExecutorService second = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch firstChecked = new CountDownLatch(1);
            Future<String> secondStart = second.submit(() -> {
                firstChecked.await();
                return runtime.startProcessInstanceByKey("FailedServiceCloseProcess", key, variables).getId();
            });
            String first = new TransactionTemplate(transactions).execute(status -> {
                String id = runtime.startProcessInstanceByKey("FailedServiceCloseProcess", key, variables).getId();
                firstChecked.countDown();
                await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> secondStart.isDone()
                        || jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                                + " and datname = current_database()", Long.class) > 0);
                return id;
            });
            Throwable refused = catchThrowable(() -> secondStart.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertThat(refused).as("the second start").isNotNull();
            assertThat(refused).rootCause().hasMessageContaining("once at a time");
            assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("FailedServiceCloseProcess")
                    .processInstanceBusinessKey(key).list()).extracting(ProcessInstance::getId).containsExactly(first);
        } finally {
            second.shutdownNow();
            simulator.control(new SimulatorControl(0.0, 0, false));
            runtime.createProcessInstanceQuery().processDefinitionKey("FailedServiceCloseProcess")
                    .processInstanceBusinessKey(key).list()
                    .forEach(instance -> await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> List
                            .of(204, 404).contains(engine(HttpMethod.DELETE, "/process-instance/" + instance.getId(),
                                    null).status())));
        }
    }

    /**
     * Cancels a process instance whose module operation polls: a cancel that meets a poll's lock answers 409
     * (OptimisticLockingException), and an admin clicks again.
     */
    private void cancelWhilePolling(String processInstanceId) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            Answer cancel = engine(HttpMethod.DELETE, "/process-instance/" + processInstanceId, null);
            assertThat(cancel.status()).as(cancel.toString()).isIn(204, 409);
            return cancel.status() == 204;
        });
    }

    Answer engine(HttpMethod method, String path, Object body) {
        return api.exchange(ADMIN, method, "/engine-rest/engine/" + ShortRetriesIntegrationTest.ENGINE + path, body);
    }

    /** The client deletes its service while an admin holds the process instance suspended, then activates it. */
    private void deletedWhileSuspended(String processInstanceId, Customer customer, long serviceId) {
        setSuspended(processInstanceId, true);
        assertThat(api.delete(customer.login(), "/api/v1/services/" + serviceId).status()).isEqualTo(202);
        settle(serviceId);
        setSuspended(processInstanceId, false);
        settle(serviceId);
    }

    /** Suspends or activates the process instance as Cockpit does. */
    private void setSuspended(String processInstanceId, boolean suspended) {
        Answer answer = engine(HttpMethod.PUT, "/process-instance/" + processInstanceId + "/suspended",
                Map.of("suspended", suspended));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(204);
    }

    private String deletionInstance(long serviceId) {
        return jdbc.queryForObject("select deletion_instance from hostflow.service where id = ?", String.class,
                serviceId);
    }

    private String claim(long serviceId) {
        return jdbc.queryForObject("select prolongation_claim from hostflow.service where id = ?", String.class,
                serviceId);
    }

    private String lane(long serviceId) {
        return jdbc.queryForList("select e.process_instance_id, e.running, e.lease_until from"
                + " hostflow.module_queue_entry e join hostflow.module_queue q on q.id = e.queue_id"
                + " where q.module_id = ? and q.queue_value = 'service'", serviceId).toString();
    }

    /** The order failed, and nothing of it runs or is left at the module. */
    private void assertFailedWithNothingLeft(long serviceId) {
        assertThat(vms(serviceId)).as(() -> "no VM left: " + api.describe(serviceId)).isZero();
        assertThat(service(serviceId).get("status").asText()).isEqualTo("FAILED");
        assertThat(instances(serviceId)).isZero();
    }

    /** Module calls a worker is making now (their external tasks' leases). */
    private long callsUnderWay() {
        return jdbc.queryForObject("select count(*) from hostflow.module_queue_entry e join hostflow.module_queue q"
                + " on q.id = e.queue_id where q.module_id = 0 and q.queue_value = 'external-task'", Long.class);
    }

    private long instances(long serviceId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId)).count();
    }

    private long vms(long serviceId) {
        return simulator.allHosts().stream().filter(h -> String.valueOf(h.get("comment")).startsWith(serviceId + "-"))
                .count();
    }

    private String instance(long serviceId, String definition) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId))
                .processDefinitionKey(definition).list().stream().map(ProcessInstance::getId).findFirst()
                .orElseThrow(() -> new AssertionError("no " + definition + ": " + api.describe(serviceId)));
    }

    private String activityInstance(String processInstanceId, String activityId) {
        return runtime.getActivityInstance(processInstanceId).getActivityInstances(activityId)[0].getId();
    }

    private Shop shop(String onClientDelete) {
        String code = "vds";
        api.vdsRules(ADMIN, false, 0, 14, onClientDelete);
        EndToEndApi.SimulatorModule simulated = api.simulatorModule(ADMIN, port, unique, "admin@example.com",
                "secret", null);
        long providerId = simulated.providerId();
        long moduleId = simulated.moduleId();
        Map<String, Object> tariff = new LinkedHashMap<>();
        tariff.put("productType", code);
        tariff.put("providerId", providerId);
        tariff.put("name", "Cockpit VPS " + unique);
        tariff.put("active", true);
        tariff.put("processingModuleIds", List.of(moduleId));
        tariff.put("prices", Map.of("MONTH", "10.00"));
        tariff.put("addons", List.of(Map.of("resource", "ram", "included", 2048, "min", 1024, "max", 8192,
                "step", 1024, "prices", Map.of("MONTH", "2.00")),
                Map.of("resource", "cpu", "included", 1), Map.of("resource", "disk", "included", 20480)));
        long tariffId = api.ok(api.post(ADMIN, "/api/v1/tariffs", tariff)).get("id").asLong();
        return new Shop(providerId, tariffId, moduleId);
    }

    private Customer customer(Shop shop, String balance) {
        EndToEndApi.Client client = api.client(ADMIN, shop.providerId(), unique + "-" + System.nanoTime());
        if (new java.math.BigDecimal(balance).signum() > 0) {
            api.pay(ADMIN, client.id(), balance);
        }
        return new Customer(client.id(), client.login());
    }

    private long order(Shop shop, Customer customer) {
        return placeOrder(shop, customer).get("serviceId").asLong();
    }

    private JsonNode placeOrder(Shop shop, Customer customer) {
        return api.ok(api.post(customer.login(), "/api/v1/orders", Map.of("clientId", customer.id(), "tariffId",
                shop.tariffId(), "period", "MONTH", "params", Map.of("os", "debian-12"))));
    }

    private long orderActive(Shop shop, Customer customer) {
        long serviceId = order(shop, customer);
        settle(serviceId);
        assertThat(service(serviceId).get("status").asText()).as(() -> api.describe(serviceId))
                .isEqualTo("ACTIVE");
        return serviceId;
    }

    private JsonNode service(long serviceId) {
        return api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId));
    }

    private boolean waitsAt(long serviceId, String activityId) {
        return runtime.createExecutionQuery().processInstanceBusinessKey(Long.toString(serviceId))
                .activityId(activityId).count() > 0;
    }

    private void awaitAt(long serviceId, String activityId) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            quiet.bringTimerForward(Duration.ofSeconds(5));
            return waitsAt(serviceId, activityId);
        });
    }

    /**
     * Waits until the service's own processes have ended, bringing their timers due within {@code timersWithin}
     * forward, then settles. The settle alone once came back while the close of a cancelled order still polled for
     * the VM its open made (not traced): whether the close deletes that VM is what the test asks, not when the engine
     * first looked quiet.
     */
    private void untilItsProcessesEnded(long serviceId, Duration timersWithin) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            api.bringDueTimerForward(ADMIN, List.of(serviceId), timersWithin);
            quiet.wakeUp();
            return instances(serviceId) == 0;
        });
        settle(serviceId);
    }

    /** Waits until the engine rests (QuietEngine); short module timers are brought forward by moving the clock. */
    private void settle(long serviceId) {
        quiet.settle(QuietEngine.POLL_WAITS, () -> api.describe(serviceId));
    }
}
