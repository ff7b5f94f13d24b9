package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.console.ConsoleSecurityTest;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Client;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.lifecycle.ExternalTaskWakeUp;
import com.hostflow.lifecycle.failedclose.FailedServiceCloseProcess;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.MailText;
import com.icegreen.greenmail.util.GreenMail;

import jakarta.mail.internet.MimeMessage;

/**
 * A client deletes its service while the open waits for the module's department: VMmanager failed every creation
 * (the simulator's {@code _control} failRate 1.0), the retries ran out and Tasklist shows the department "open
 * failed". The deletion ends that task and the open (a Retry there used to create a VM that was closed again right
 * after); the broken VM is closed once, no second VM is made, and the order's money goes back as for a cancelled
 * order.
 */
@IntegrationTest
class DeletionWhileOpeningEndToEndTest {

    private static final Login ADMIN = new Login("demo", "demo");
    private static final String STAFF_PASSWORD = "staff-deletion-pass-1";
    private static final Duration MODULE_TIMERS = Duration.ofMinutes(2);

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    TaskService tasks;

    @Autowired
    HistoryService history;

    @Autowired
    VmManager6Simulator simulator;

    @Autowired
    GreenMail mailServer;

    @Autowired
    ExternalTaskWakeUp workerWakeUp;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    EndToEndApi api;
    SimulatorControl simulatorBefore;

    @BeforeEach
    void setUp() {
        api = new EndToEndApi(http, runtime, management).wakingTheWorkerWith(workerWakeUp::signal);
        simulatorBefore = simulator.control();
    }

    @AfterEach
    void tearDown() {
        simulator.control(simulatorBefore);
    }

    @Test
    void aClientsDeletionEndsTheDepartmentTaskOfItsFailedOpenAndClosesTheVmOnce() {
        String unique = Long.toString(System.nanoTime(), 36);
        Catalog catalog = api.catalogWithStaff(ADMIN, port, unique, STAFF_PASSWORD);
        Login staff = new Login("staff-" + unique, STAFF_PASSWORD);
        Client client = api.client(ADMIN, catalog.providerId(), unique);
        api.pay(ADMIN, client.id(), "20.00");

        SimulatorAdmin.control(http, Map.of("failRate", 1.0));
        JsonNode order = api.ok(api.post(client.login(), "/api/v1/orders", Map.of("clientId", client.id(),
                "tariffId", catalog.tariffId(), "period", "MONTH", "params", Map.of("os", "debian-12"))));
        long serviceId = order.get("serviceId").asLong();
        assertThat(api.balance(ADMIN, client.id())).as("the order is paid").isEqualTo("10.00");
        Task task = api.awaitFailedOperationTask(tasks, serviceId, MODULE_TIMERS);
        String openKey = (String) runtime.getVariable(task.getProcessInstanceId(),
                ModuleOperationProcess.OPERATION_KEY);
        assertThat(simulator.hostsWithComment(openKey)).singleElement()
                .satisfies(host -> assertThat(host).containsEntry("state", "create_failed"));
        assertThat(tasklist(staff, serviceId)).as("Tasklist shows the department's task").hasSize(1);
        // VMmanager works again: the close that follows the deletion succeeds
        SimulatorAdmin.control(http, Map.of("failRate", 0.0));

        EndToEndApi.Answer deleted = api.delete(client.login(), "/api/v1/services/" + serviceId);

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(Long.toString(serviceId)).count())
                .as("the department's task ended with the request").isZero();
        AtomicInteger mostHosts = new AtomicInteger();
        api.awaitService(client.login(), ADMIN, serviceId, "DELETED", s -> {
            mostHosts.accumulateAndGet(simulator.hostsNamed(hostName(serviceId)).size(), Math::max);
            return "DELETED".equals(s.get("status").asText())
                    && runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId))
                            .count() == 0;
        }, MODULE_TIMERS);
        assertThat(tasklist(staff, serviceId)).as("nothing left in Tasklist").isEmpty();
        assertThat(simulator.hostsNamed(hostName(serviceId))).as("the broken VM closed").isEmpty();
        assertThat(mostHosts.get()).as("never a second VM").isLessThanOrEqualTo(1);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(task.getProcessInstanceId())
                .singleResult().getEndActivityId()).isEqualTo(ModuleOperationProcess.END_WITHDRAWN_AT_DEPARTMENT);
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey(ModuleOperationProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).list())
                .as("the open, then one close").hasSize(2);
        assertThat(api.balance(ADMIN, client.id())).as("the money back, as for a cancelled order").isEqualTo("20.00");
        assertThat(runtime.createIncidentQuery().processInstanceId(task.getProcessInstanceId()).count()).isZero();
        assertThat(journal(serviceId, "open")).as("the journal, newest first, says the open was withdrawn").first()
                .isEqualTo("WITHDRAWN");
        assertThat(jdbc.queryForList("select event from hostflow.notification where client_id = ? and event like"
                + " 'order-%'", String.class, client.id())).as("the client is told (it was told nothing)")
                .containsExactly("order-cancelled-refunded");
        MimeMessage mail = orderMail(client);
        long orderId = order.get("orderId").asLong();
        assertThat(MailText.subject(mail)).isEqualTo("Order #" + orderId + " is cancelled: 10.00 EUR back on your"
                + " balance");
        assertThat(MailText.decoded(mail)).contains("while the service was being set up: you cancelled it",
                "The 10.00 EUR you paid for it went back to your balance", "Your balance is 20.00 EUR")
                .doesNotContain("Nothing was charged", "could not be removed");
    }

    /**
     * The client deletes its service while its open waits for the department, and VMmanager still fails every task:
     * the close that follows is given up by the department too. The VM may still be in VMmanager, so every admin is
     * told (operation-refused, naming the service), the service still ends DELETED with its money back once, and
     * its refusedOperations shows the close. Before, it ended DELETED and refunded and nobody heard of the VM.
     */
    @Test
    void aCloseAfterTheClientsDeletionThatIsGivenUpTellsTheAdminsAndTheServiceEndsDeletedAndRefundedOnce() {
        String unique = Long.toString(System.nanoTime(), 36);
        try {
            Ordered ordered = orderWhileVmManagerFailsEveryTask(unique);
            Client client = ordered.client();
            long serviceId = ordered.serviceId();
            awaitFailedOperation(serviceId, "open");

            EndToEndApi.Answer deleted = api.delete(client.login(), "/api/v1/services/" + serviceId);
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
            abort(awaitFailedOperation(serviceId, "close"), "VMmanager keeps failing");

            assertEndedRefundedOnceWithItsCloseRefused(client, serviceId, "DELETED");
            assertThat(api.ok(api.get(client.login(), "/api/v1/services/" + serviceId)).get("refusedOperations"))
                    .as("the client's service is gone for it").isEmpty();
            String console = ConsoleSecurityTest.login(
                    http.withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW), "demo", "demo");
            assertThat(consolePage(console, "/console/services/" + serviceId))
                    .contains("id=\"refused-operations\"", "aborted by the department",
                            "did not close what it made for it")
                    .doesNotContain("fix the cause (the external id");
            assertAdminToldOfTheClose(ordered.adminAddress(), serviceId);
            // it said only "cancelled" and "back on your balance", of a VM that may still run
            MimeMessage mail = orderMail(client);
            assertThat(MailText.decoded(mail)).contains("you cancelled it", "went back to your balance",
                    "The server begun for it could not be removed yet", "you are not charged for it");
        } finally {
            api.delete(ADMIN, "/api/v1/users/refusals-" + unique);
        }
    }

    /**
     * The open fails (the department aborts it) and VMmanager fails the close of what it made too, given up again:
     * the admins are told, the service is FAILED with its money back and shows the refused close. The admins fix
     * VMmanager and delete the FAILED service (two of them at once): it is DELETED at once, and one close, of its
     * own (FailedServiceCloseProcess), deletes the VM now; the refusal goes, no money moves and the client gets no
     * "service deleted" mail. Before, the deletion called no module: the VM stayed and the refusal showed for good.
     */
    @Test
    void deletingAFailedServiceWhoseCloseWasGivenUpClosesTheVmAgainOnceAndTheRefusalGoes() throws Exception {
        String unique = Long.toString(System.nanoTime(), 36);
        try {
            Ordered ordered = orderWhileVmManagerFailsEveryTask(unique);
            Client client = ordered.client();
            long serviceId = ordered.serviceId();
            abort(awaitFailedOperation(serviceId, "open"), "cannot be set up");
            abort(awaitFailedOperation(serviceId, "close"), "VMmanager keeps failing");

            assertEndedRefundedOnceWithItsCloseRefused(client, serviceId, "FAILED");
            assertAdminToldOfTheClose(ordered.adminAddress(), serviceId);
            // it said only that the order failed and the money came back, of a VM that may still run
            assertThat(MailText.decoded(orderMail(client))).contains("We could not set up your",
                    "The server begun for it could not be removed yet", "went back to your balance");
            String console = ConsoleSecurityTest.login(
                    http.withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW), "demo", "demo");
            assertThat(consolePage(console, "/console/services/" + serviceId))
                    .contains("id=\"refused-operations\"", "deleting the service tries the close again");
            assertThat(consolePage(console, "/console")).as("the overview lists the refused close")
                    .contains("/console/services/" + serviceId + "\"");
            JsonNode externalId = api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId)).path("externalId");
            assertThat(externalId.isNull() || externalId.isMissingNode())
                    .as("the open never reported its host: the close finds it by name and the open's key").isTrue();
            // the admins fixed VMmanager
            SimulatorAdmin.control(http, Map.of("failRate", 0.0));

            List<EndToEndApi.Answer> deletions = AtOnce.run(2,
                    () -> api.delete(ADMIN, "/api/v1/services/" + serviceId));

            assertThat(deletions).extracting(EndToEndApi.Answer::status).as(deletions.toString())
                    .containsExactlyInAnyOrder(202, 409);
            assertThat(api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId)).get("status").asText())
                    .as("deleted at once").isEqualTo("DELETED");
            JsonNode service = api.awaitService(ADMIN, ADMIN, serviceId, "DELETED", s -> runtime
                    .createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId)).count() == 0,
                    MODULE_TIMERS);
            assertThat(simulator.hostsNamed(hostName(serviceId))).as("the VM closed now").isEmpty();
            assertThat(service.get("refusedOperations")).as(service.toString()).isEmpty();
            assertThat(consolePage(console, "/console")).doesNotContain("/console/services/" + serviceId + "\"");
            assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey(
                    FailedServiceCloseProcess.KEY).processInstanceBusinessKey(Long.toString(serviceId)).list())
                    .as("one close for the two deletions").singleElement()
                    .satisfies(close -> assertThat(close.getEndActivityId())
                            .isEqualTo(FailedServiceCloseProcess.END_CLOSED));
            assertThat(journal(serviceId, "close")).as("the journal's closes, newest first").first()
                    .isEqualTo("COMPLETED");
            assertThat(new BigDecimal(api.balance(ADMIN, client.id()))).as("no second refund")
                    .isEqualTo(new BigDecimal("20.00"));
            assertThat(jdbc.queryForObject("select count(*) from hostflow.notification where client_id = ?"
                    + " and event = 'service-deleted'", Long.class, client.id())).as("no mail to the client").isZero();
        } finally {
            api.delete(ADMIN, "/api/v1/users/refusals-" + unique);
        }
    }

    /**
     * A FAILED service whose close succeeded (the open failed, VMmanager then worked again): its deletion calls no
     * module, as before. Only a refused close is tried again.
     */
    @Test
    void deletingAFailedServiceWhoseCloseSucceededCallsNoModule() {
        String unique = Long.toString(System.nanoTime(), 36);
        try {
            Ordered ordered = orderWhileVmManagerFailsEveryTask(unique);
            long serviceId = ordered.serviceId();
            Task open = awaitFailedOperation(serviceId, "open");
            SimulatorAdmin.control(http, Map.of("failRate", 0.0));
            abort(open, "cannot be set up");
            JsonNode failed = api.awaitService(ADMIN, ADMIN, serviceId, "FAILED", s -> "FAILED".equals(
                    s.get("status").asText()) && runtime.createProcessInstanceQuery()
                            .processInstanceBusinessKey(Long.toString(serviceId)).count() == 0, MODULE_TIMERS);
            assertThat(failed.get("refusedOperations")).isEmpty();
            assertThat(simulator.hostsNamed(hostName(serviceId))).as("the order closed the VM").isEmpty();
            List<String> closesBefore = journal(serviceId, "close");
            long processesBefore = history.createHistoricProcessInstanceQuery()
                    .processInstanceBusinessKey(Long.toString(serviceId)).count();

            EndToEndApi.Answer deleted = api.delete(ADMIN, "/api/v1/services/" + serviceId);

            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
            assertThat(deleted.body().get("status").asText()).isEqualTo("DELETED");
            assertThat(history.createHistoricProcessInstanceQuery()
                    .processInstanceBusinessKey(Long.toString(serviceId)).count()).as("no process")
                    .isEqualTo(processesBefore);
            assertThat(journal(serviceId, "close")).as("no module call").isEqualTo(closesBefore);
            assertThat(new BigDecimal(api.balance(ADMIN, ordered.client().id()))).isEqualTo(new BigDecimal("20.00"));
        } finally {
            api.delete(ADMIN, "/api/v1/users/refusals-" + unique);
        }
    }

    /** The outcomes the service's journal shows for the operation, newest first. */
    private List<String> journal(long serviceId, String operation) {
        List<String> outcomes = new ArrayList<>();
        api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId + "/journal")).get("content").forEach(entry -> {
            if (operation.equals(entry.get("operation").asText())) {
                outcomes.add(entry.get("outcome").asText());
            }
        });
        return outcomes;
    }

    /** An admin with a mail address of its own, to read the mail the admins get; answers the address. */
    private String admin(String unique) {
        String address = "refusals-" + unique + "@hosting.example";
        api.ok(api.post(ADMIN, "/api/v1/users", Map.of("username", "refusals-" + unique, "password",
                "refusals-pass-" + unique, "firstName", "Ada", "lastName", "Admin", "email", address, "roles",
                List.of("ADMIN"))));
        return address;
    }

    /** The service a client ordered, and the address of the admin {@link #admin} made for the test. */
    private record Ordered(Client client, long serviceId, String adminAddress) {
    }

    /**
     * A shop of its own, an admin with a mail address ({@code refusals-<unique>}) and a client with 20.00 on its
     * balance; VMmanager fails every task from now on, and the client orders a month for 10.00, paid at once.
     */
    private Ordered orderWhileVmManagerFailsEveryTask(String unique) {
        Catalog catalog = api.catalogWithStaff(ADMIN, port, unique, STAFF_PASSWORD);
        String adminAddress = admin(unique);
        Client client = api.client(ADMIN, catalog.providerId(), unique);
        api.pay(ADMIN, client.id(), "20.00");
        SimulatorAdmin.control(http, Map.of("failRate", 1.0));
        JsonNode order = api.ok(api.post(client.login(), "/api/v1/orders", Map.of("clientId", client.id(),
                "tariffId", catalog.tariffId(), "period", "MONTH", "params", Map.of("os", "debian-12"))));
        assertThat(api.balance(ADMIN, client.id())).as("the order is paid").isEqualTo("10.00");
        return new Ordered(client, order.get("serviceId").asLong(), adminAddress);
    }

    /** The department's task for the service's failed module operation, once its retries ran out. */
    private Task awaitFailedOperation(long serviceId, String operation) {
        Task task = api.awaitFailedOperationTask(tasks, serviceId, MODULE_TIMERS);
        assertThat(runtime.getVariable(task.getProcessInstanceId(), ModuleOperationProcess.OPERATION))
                .isEqualTo(operation);
        return task;
    }

    private void abort(Task task, String comment) {
        tasks.complete(task.getId(), Map.of("decision", "abort", "comment", comment));
    }

    /**
     * The service's processes end with it in {@code status}, the 10.00 back on the client's balance once, the VM the
     * close left in VMmanager, and the close the department gave up on shown on the service.
     */
    private void assertEndedRefundedOnceWithItsCloseRefused(Client client, long serviceId, String status) {
        JsonNode service = api.awaitService(ADMIN, ADMIN, serviceId, status, s -> status.equals(
                s.get("status").asText()) && runtime.createProcessInstanceQuery()
                        .processInstanceBusinessKey(Long.toString(serviceId)).count() == 0, MODULE_TIMERS);
        assertThat(api.balance(ADMIN, client.id())).as("the money back, once").isEqualTo("20.00");
        assertThat(simulator.hostsNamed(hostName(serviceId))).as("the VM the close left behind").isNotEmpty();
        assertRefusedClose(service, "ABORTED");
    }

    private static void assertRefusedClose(JsonNode service, String outcome) {
        JsonNode refused = service.get("refusedOperations");
        assertThat(refused).as(service.toString()).hasSize(1);
        assertThat(refused.get(0).get("operation").asText()).isEqualTo("close");
        assertThat(refused.get(0).get("outcome").asText()).isEqualTo(outcome);
    }

    /** The client's mail about its order ("Order #…"). */
    private MimeMessage orderMail(Client client) {
        return Awaitility.await("the client's mail").atMost(Duration.ofSeconds(30))
                .until(() -> Arrays.stream(mailServer.getReceivedMessages())
                        .filter(m -> MailText.to(m).contains(client.login().username())
                                && MailText.subject(m).startsWith("Order #")).findFirst().orElse(null),
                        m -> m != null);
    }

    private void assertAdminToldOfTheClose(String address, long serviceId) {
        MimeMessage mail = Awaitility.await("the admin's mail").atMost(Duration.ofSeconds(30))
                .until(() -> Arrays.stream(mailServer.getReceivedMessagesForDomain("hosting.example"))
                        .filter(m -> MailText.to(m).contains(address)).findFirst().orElse(null), m -> m != null);
        assertThat(MailText.subject(mail)).isEqualTo("Service #" + serviceId + ": the deletion did not happen");
        assertThat(MailText.decoded(mail)).contains("Hello, Ada Admin!", "It was given up",
                "its order ends anyway", "once the service is FAILED, fix the cause and delete the service",
                "/console/services/" + serviceId);
        assertThat(Arrays.stream(mailServer.getReceivedMessagesForDomain("hosting.example"))
                .filter(m -> MailText.to(m).contains(address))).as("told once").hasSize(1);
    }

    private String consolePage(String session, String path) {
        return ConsoleSecurityTest.pageOf(http, session, path);
    }

    /** The tasks of the service that the staff member sees through the engine's REST API, as Tasklist asks it. */
    private JsonNode tasklist(Login staff, long serviceId) {
        return api.ok(api.get(staff, "/engine-rest/task?processInstanceBusinessKey=" + serviceId));
    }

    private static String hostName(long serviceId) {
        return "hostflow-" + serviceId;
    }
}
