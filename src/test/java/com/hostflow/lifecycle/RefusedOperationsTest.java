package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.common.time.ClockControl;
import com.hostflow.console.ConsoleSecurityTest;
import com.hostflow.lifecycle.moduleoperation.ModuleOperations;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.notifications.RefusedOperationNotifications;
import com.hostflow.services.OperationJournal;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.MailText;
import com.hostflow.support.SimulatedVps;
import com.icegreen.greenmail.util.GreenMail;

import jakarta.mail.internet.MimeMessage;

/**
 * Lifecycle operations the module refuses on the simulator (a VM deleted behind HostFlow's back, an external id set
 * by hand): the API answers 202 at once, and the refusal is then on the service (which operation, when, the module's
 * reason) until a later operation of its kind succeeds; asked again, it is tried again. Before, the service only
 * stayed as it was and the refusal was in the journal alone.
 */
@IntegrationTest
class RefusedOperationsTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    HistoryService history;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    VmManager6Simulator simulator;
    @Autowired
    GreenMail mailServer;
    @Autowired
    ClockControl clock;
    @Autowired
    ModuleOperations operations;
    @Autowired
    RefusedOperationNotifications refusals;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    OperationJournal journal;
    @LocalServerPort
    int port;

    @Test
    void aSuspensionTheModuleRefusesIsOnTheServiceUntilOneSucceedsAndAskingAgainTriesAgain() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        long serviceId = vps.activeVps(vps.client("refused-suspend", 1)).get("id").asLong();
        vps.awaitProcessesEnded(serviceId);
        String host = externalId(vps, serviceId);
        // an admin entered the id by hand after an operation done by hand, and mistyped it
        jdbc.update("update hostflow.service set external_id = '999999999' where id = ?", serviceId);

        assertThat(suspend(vps, serviceId)).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);

        JsonNode service = service(vps, serviceId);
        assertThat(service.get("status").asText()).isEqualTo("ACTIVE");
        JsonNode refused = service.get("refusedOperations");
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).get("operation").asText()).isEqualTo("suspend");
        assertThat(refused.get(0).get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(refused.get(0).get("reason").asText()).isEqualTo("Err_HostNotFound: VMmanager has no host 999999999");
        assertThat(refused.get(0).get("at").asText()).isNotBlank();
        assertThat(list(vps, serviceId).get("refusedOperations")).isEqualTo(refused);
        String admin = login("demo", "demo");
        assertThat(page(admin, "/console/services/" + serviceId)).contains("id=\"refused-operations\"",
                "refused by the module", "Err_HostNotFound: VMmanager has no host 999999999");
        assertThat(page(admin, "/console")).contains("Operations that did not happen",
                "/console/services/" + serviceId + "\"");

        assertThat(suspend(vps, serviceId)).as("asked again: a new attempt").isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId))
                .processDefinitionKey("ServiceSuspensionProcess").count()).isEqualTo(2);
        assertThat(service(vps, serviceId).get("refusedOperations").get(0).get("at").asText())
                .isGreaterThan(refused.get(0).get("at").asText());

        jdbc.update("update hostflow.service set external_id = ? where id = ?", host, serviceId);
        assertThat(suspend(vps, serviceId)).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        service = service(vps, serviceId);
        assertThat(service.get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(service.get("refusedOperations")).as("a suspension succeeded since").isEmpty();
        assertThat(page(admin, "/console/services/" + serviceId)).doesNotContain("refused-operations");
        assertThat(page(admin, "/console")).doesNotContain("/console/services/" + serviceId + "\"");
    }

    /**
     * The demo's clock moved two hours ahead, a suspension refused there, the clock put back to the real time, and a
     * suspension that then succeeds: the refusal goes, though its time is after the success's. It stayed on the
     * service and the console's overview until the clock caught up, the suspended service "not suspended".
     */
    @Test
    void aSuspensionThatSucceedsAfterTheClockWasPutBackEndsTheRefusalMadeWhileItWasAhead() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        long serviceId = active(vps, vps.client("clock-back", 1));
        String host = mistypeExternalId(vps, serviceId);
        try {
            moveClock(vps, Instant.now().plus(Duration.ofHours(2)));
            assertThat(suspend(vps, serviceId)).isEqualTo(202);
            vps.awaitProcessesEnded(serviceId);
            assertThat(service(vps, serviceId).get("refusedOperations")).hasSize(1);

            moveClock(vps, Instant.now());
            jdbc.update("update hostflow.service set external_id = ? where id = ?", host, serviceId);
            assertThat(suspend(vps, serviceId)).isEqualTo(202);
            vps.awaitProcessesEnded(serviceId);
        } finally {
            clock.reset();
        }

        JsonNode service = service(vps, serviceId);
        assertThat(service.get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(service.get("refusedOperations")).as("a suspension succeeded since").isEmpty();
        assertThat(page(login("demo", "demo"), "/console")).doesNotContain("/console/services/" + serviceId + "\"");
    }

    private static void moveClock(SimulatedVps vps, Instant now) {
        assertThat(vps.admin().exchange("/api/v1/dev/clock", HttpMethod.PUT, new HttpEntity<>(Map.of("now",
                now.toString())), String.class).getStatusCode().value()).isEqualTo(200);
    }

    /**
     * A service whose suspension the module refused is then deleted: the refusal goes with it, from the API and the
     * console's service page, as the console's overview already leaves deleted services out. The deleted service
     * still said its suspension had not happened and to fix the cause and ask again.
     */
    @Test
    void aDeletedServiceShowsNoRefusalsAnyMore() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        long serviceId = active(vps, vps.client("refused-then-deleted", 1));
        String host = mistypeExternalId(vps, serviceId);
        assertThat(suspend(vps, serviceId)).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        assertThat(service(vps, serviceId).get("refusedOperations")).hasSize(1);
        jdbc.update("update hostflow.service set external_id = ? where id = ?", host, serviceId);

        assertThat(vps.admin().exchange("/api/v1/services/" + serviceId, HttpMethod.DELETE, null, String.class)
                .getStatusCode().value()).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);

        JsonNode service = service(vps, serviceId);
        assertThat(service.get("status").asText()).isEqualTo("DELETED");
        assertThat(service.get("refusedOperations")).isEmpty();
        assertThat(page(login("demo", "demo"), "/console/services/" + serviceId)).doesNotContain("refused-operations");
    }

    /** Every admin gets a mail through the outbox: which operation, the service, its client, the reason, a link. */
    @Test
    void theAdminsHearOfARefusedSuspensionByMail() throws Exception {
        String admin = "refusals-" + Long.toString(System.nanoTime(), 36);
        String address = admin + "@hosting.example";
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        vps.created("/users", Map.of("username", admin, "password", "refusals-pass", "firstName", "Ada",
                "lastName", "Admin", "email", address, "roles", List.of("ADMIN")));
        try {
            SimulatedVps.Client client = vps.client("told-admins", 1);
            long serviceId = activeWithoutItsHost(vps, client);

            assertThat(suspend(vps, serviceId)).isEqualTo(202);
            vps.awaitProcessesEnded(serviceId);

            MimeMessage mail = Awaitility.await("the admin's mail").atMost(Duration.ofSeconds(30))
                    .until(() -> Arrays.stream(mailServer.getReceivedMessagesForDomain("hosting.example"))
                            .filter(m -> MailText.to(m).contains(address)).findFirst().orElse(null), m -> m != null);
            assertThat(mail.getSubject()).isEqualTo("Service #" + serviceId + ": the suspension did not happen");
            assertThat(MailText.decoded(mail)).contains("Hello, Ada Admin!", "Client told-admins",
                    "The processing module refused it: Err_HostNotFound: VMmanager has no host",
                    "/console/services/" + serviceId);
            assertThat(Arrays.stream(mailServer.getReceivedMessages()).filter(m -> MailText.to(m).contains(client.email()))
                    .map(MailText::subject)).as("the client hears of no suspension")
                    .noneMatch(subject -> subject.contains("suspended"));
        } finally {
            vps.admin().delete("/api/v1/users/" + admin);
        }
    }

    @Test
    void aResumeTheModuleRefusesLeavesTheServiceSuspendedAndSaysSo() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        long serviceId = vps.activeVps(vps.client("refused-resume", 1)).get("id").asLong();
        vps.awaitProcessesEnded(serviceId);
        assertThat(suspend(vps, serviceId)).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        simulator.deleteHostBehindHostFlowsBack(Long.parseLong(externalId(vps, serviceId)));

        assertThat(vps.admin().postForEntity("/api/v1/services/" + serviceId + "/resume", Map.of("reason", "ABUSE"),
                JsonNode.class).getStatusCode().value()).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);

        JsonNode service = service(vps, serviceId);
        assertThat(service.get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(service.get("refusedOperations")).extracting(r -> r.get("operation").asText())
                .containsExactly("resume");
    }

    /**
     * A paid service whose start the module refused after the payment (ServiceSuspensionProcess, Event_RestartFailed):
     * its client reads that it is paid and the staff start it, not only a reason's name.
     */
    @Test
    void aClientWhoseStartTheModuleRefusedReadsThatItIsPaidAndTheStaffStartIt() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        SimulatedVps.Client client = vps.client("restart-refused", 1);
        long serviceId = active(vps, client);
        jdbc.update("update hostflow.service set status = 'SUSPENDED' where id = ?", serviceId);
        jdbc.update("insert into hostflow.service_suspension (service_id, reason, since) values (?, 'RESTART_FAILED',"
                + " now())", serviceId);

        assertThat(page(login(client.email(), SimulatedVps.CLIENT_PASSWORD), "/my/services/" + serviceId))
                .contains("id=\"restart-failed\"", "the server could not be started again",
                        "nothing more is charged for it");
    }

    @Test
    void aParameterChangeTheModuleRefusesIsShownToItsClientWithTheMoneyBack() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog().ramForSale();
        SimulatedVps.Client client = vps.client("refused-change", 2);
        long serviceId = activeWithoutItsHost(vps, client);
        String balanceBefore = balance(vps, client);

        assertThat(vps.as(client.email()).postForEntity("/api/v1/services/" + serviceId + "/parameters",
                Map.of("addons", Map.of("ram", 2048)), JsonNode.class).getStatusCode().value()).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);

        JsonNode seenByClient = vps.as(client.email()).getForObject("/api/v1/services/" + serviceId, JsonNode.class);
        assertThat(seenByClient.get("addons").get("ram").asLong()).isEqualTo(1024);
        assertThat(seenByClient.get("refusedOperations")).extracting(r -> r.get("operation").asText())
                .containsExactly("setparam");
        assertThat(balance(vps, client)).as("the change's price went back").isEqualTo(balanceBefore);
        assertThat(page(login(client.email(), SimulatedVps.CLIENT_PASSWORD),
                "/my/services/" + serviceId)).contains("id=\"refused-operations\"",
                "Your change of add-ons of", "could not be made", "went back to your balance");
        assertThat(jdbc.queryForObject("select count(*) from hostflow.charge where charge_key like ?", Long.class,
                "param-" + serviceId + "-%")).as("it was charged first").isEqualTo(1);
    }

    @Test
    void aPasswordResetTheModuleRefusesIsShownToItsClient() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        SimulatedVps.Client client = vps.client("refused-reset", 1);
        long serviceId = activeWithoutItsHost(vps, client);

        assertThat(vps.as(client.email()).postForEntity("/api/v1/services/" + serviceId + "/reset-password", null,
                JsonNode.class).getStatusCode().value()).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);

        JsonNode refused = vps.as(client.email()).getForObject("/api/v1/services/" + serviceId, JsonNode.class)
                .get("refusedOperations");
        assertThat(refused).extracting(r -> r.get("operation").asText()).containsExactly("reset_password");
        assertThat(refused.get(0).get("reason").asText()).as("plain words, not the module's own")
                .isEqualTo("the server that runs the service did not accept it");
        assertThat(service(vps, serviceId).get("refusedOperations").get(0).get("reason").asText())
                .as("the admin reads the module's").contains("VMmanager has no host");
        String session = login(client.email(), SimulatedVps.CLIENT_PASSWORD);
        assertThat(page(session, "/my/services/" + serviceId + "/credentials"))
                .contains("Setting a new root password at", "your previous password still applies");
    }

    /**
     * An admin's change of add-ons the module refused is the provider's business: its client is not shown "Your change
     * of add-ons could not be made … you may try again" for a change it never asked for (the client area and the API
     * showed every refused change, by its kind, as the client's). The admin is.
     */
    @Test
    void aClientSeesNotTheParameterChangeAnAdminAskedFor() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog().ramForSale();
        SimulatedVps.Client client = vps.client("admins-change", 2);
        long serviceId = activeWithoutItsHost(vps, client);

        assertThat(vps.admin().postForEntity("/api/v1/services/" + serviceId + "/parameters",
                Map.of("addons", Map.of("ram", 2048)), JsonNode.class).getStatusCode().value()).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);

        assertThat(service(vps, serviceId).get("refusedOperations")).extracting(r -> r.get("operation").asText())
                .containsExactly("setparam");
        assertThat(vps.as(client.email()).getForObject("/api/v1/services/" + serviceId, JsonNode.class)
                .get("refusedOperations")).isEmpty();
        assertThat(page(login(client.email(), SimulatedVps.CLIENT_PASSWORD), "/my/services/" + serviceId))
                .doesNotContain("refused-operations").doesNotContain("Your change of add-ons");
    }

    /**
     * The client's own deletion (vds waits for the end of the paid period) notes the key its close will be called
     * under: the module refusing that close is the client's to see, in plain words ("Deleting this service … did not
     * work"), not in the module's, which here names an internal address.
     */
    @Test
    void theCloseOfADeletionTheClientAskedForIsItsToSeeWhenRefused() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        SimulatedVps.Client client = vps.client("own-deletion", 1);
        long serviceId = active(vps, client);
        assertThat(vps.as(client.email()).exchange("/api/v1/services/" + serviceId, HttpMethod.DELETE, null,
                String.class).getStatusCode().value()).isEqualTo(202);
        String deletion = jdbc.queryForObject("select deletion_instance from hostflow.service where id = ?",
                String.class, serviceId);

        // the close its deletion's process calls when the period ends, refused by the module
        ModuleOperations.ModuleCall call = operations.prepare(serviceId, "close", serviceId + "-close-" + deletion);
        operations.finish(call, new ModuleOperations.Answer(new ModuleOutcome.Rejected("Err_VmManager",
                "VMmanager at http://10.20.30.40:1500 answered HTTP 500"), null, null));

        JsonNode refused = vps.as(client.email()).getForObject("/api/v1/services/" + serviceId, JsonNode.class)
                .get("refusedOperations");
        assertThat(refused).extracting(r -> r.get("operation").asText()).containsExactly("close");
        assertThat(refused.toString()).doesNotContain("10.20.30.40", "VMmanager");
        assertThat(page(login(client.email(), SimulatedVps.CLIENT_PASSWORD), "/my/services/" + serviceId))
                .contains("Deleting this service at").doesNotContain("10.20.30.40");
    }

    @Test
    void aClientSeesNotTheSuspensionAnAdminAskedFor() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        SimulatedVps.Client client = vps.client("admins-own", 1);
        long serviceId = activeWithoutItsHost(vps, client);

        assertThat(suspend(vps, serviceId)).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);

        assertThat(service(vps, serviceId).get("refusedOperations")).hasSize(1);
        assertThat(vps.as(client.email()).getForObject("/api/v1/services/" + serviceId, JsonNode.class)
                .get("refusedOperations")).isEmpty();
        assertThat(page(login(client.email(), SimulatedVps.CLIENT_PASSWORD),
                "/my/services/" + serviceId)).doesNotContain("refused-operations");
    }

    /**
     * A module whose refusal repeats the root password HostFlow sent it ("password '…' is too weak"), and names the
     * module's own password too: neither reaches the journal, the service's refusals (admin's and client's API), the
     * console's pages or the admins' mail, which show "[hidden]" in their place. They all showed the module's words
     * as they came.
     */
    @Test
    void aPasswordInTheModulesRefusalReachesNeitherTheApiNorThePagesNorTheMail() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        SimulatedVps.Client client = vps.client("echoed-secret", 1);
        long serviceId = active(vps, client);
        // as a reset the client asked for: the key its process gives the module call
        String key = serviceId + "-reset_password-echo";
        journal.askedByClient(serviceId, "reset_password", "echo");
        ModuleOperations.ModuleCall call = operations.prepare(serviceId, "reset_password", key);
        String password = call.request().rootPassword();
        String modulePassword = call.module().password();
        assertThat(password).isNotBlank();
        assertThat(modulePassword).isNotBlank();

        operations.finish(call, new ModuleOperations.Answer(new ModuleOutcome.Rejected("Err_VmManager",
                "VMmanager answered HTTP 400, error 5: password '" + password + "' is too weak (as admin "
                        + modulePassword + ")"), null, null));
        new TransactionTemplate(transactions).executeWithoutResult(status -> refusals.tellAdmins(serviceId,
                "reset_password", key + ":mail"));

        String reason = service(vps, serviceId).get("refusedOperations").get(0).get("reason").asText();
        assertThat(reason).contains("password '[hidden]' is too weak (as admin [hidden])");
        String seenByClient = vps.as(client.email()).getForObject("/api/v1/services/" + serviceId, JsonNode.class)
                .get("refusedOperations").toString();
        assertThat(seenByClient).contains("reset_password").doesNotContain("[hidden]", "VMmanager");
        List<String> shown = List.of(reason, seenByClient,
                vps.admin().getForObject("/api/v1/services/" + serviceId + "/journal", String.class),
                page(login("demo", "demo"), "/console/services/" + serviceId),
                page(login("demo", "demo"), "/console"),
                String.join("\n", jdbc.queryForList("select model_json from hostflow.notification"
                        + " where idempotency_key like ?", String.class, key + ":mail:%")));
        assertThat(shown.get(5)).contains("[hidden]");
        assertThat(shown).allSatisfy(text -> assertThat(text).doesNotContain(password));
        // the pages' own words may hold the module's password ("secret" in the tests): its place is what counts
        assertThat(List.of(shown.get(0), shown.get(1), shown.get(2), shown.get(5)))
                .allSatisfy(text -> assertThat(text).doesNotContain("admin " + modulePassword));
    }

    /**
     * The close a FAILED service's deletion tried again, refused again: the admins' mail says the service is deleted
     * already and what the module made is removed by hand (not "stays as it was, ask for the deletion again"); the
     * close of a service still being set up says its order ends anyway.
     */
    @Test
    void theAdminsMailAboutARefusedCloseSaysWhetherTheServiceIsGoneOrItsOrderEnds() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        long serviceId = active(vps, vps.client("closed-again", 1));
        String key = closeOfDeletedRefused(serviceId);

        String gone = refusalMailModel(serviceId, key + ":gone");
        jdbc.update("update hostflow.service set status = 'PROCESSING' where id = ?", serviceId);
        String settingUp = refusalMailModel(serviceId, key + ":order");
        jdbc.update("update hostflow.service set status = 'DELETED' where id = ?", serviceId);

        assertThat(gone).contains("\"serviceGone\":true", "\"orderCleanUp\":false");
        assertThat(settingUp).contains("\"serviceGone\":false", "\"orderCleanUp\":true");
    }

    /**
     * A FAILED service deleted, its close tried again and refused as FailedServiceCloseProcess leaves it: what the
     * module made may still run for no one, so the console's overview lists the refused close beside the service's
     * page. The overview left every DELETED service out, and the admins had only the mail to go by.
     */
    @Test
    void aDeletedServicesRefusedCloseIsOnTheConsolesOverview() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        long serviceId = active(vps, vps.client("deleted-close-refused", 1));
        closeOfDeletedRefused(serviceId);

        String admin = login("demo", "demo");
        assertThat(page(admin, "/console/services/" + serviceId)).contains("id=\"refused-operations\"",
                "Err_Locked: the host is locked");
        assertThat(page(admin, "/console")).contains("Operations that did not happen",
                "/console/services/" + serviceId + "\"", "The close of a DELETED service");
    }

    /**
     * As the deletion of a FAILED service leaves it, its close tried again and refused by the module: DELETED, the
     * close REJECTED in the journal. Answers the close's operation key.
     */
    private String closeOfDeletedRefused(long serviceId) {
        jdbc.update("update hostflow.service set status = 'DELETED' where id = ?", serviceId);
        String key = OperationJournal.operationKey(serviceId, "close", "again");
        operations.finish(operations.prepare(serviceId, "close", key), new ModuleOperations.Answer(
                new ModuleOutcome.Rejected("Err_Locked", "the host is locked"), null, null));
        return key;
    }

    /** The admins told of the service's refused close under {@code key}: the model of the first mail written. */
    private String refusalMailModel(long serviceId, String key) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> refusals.tellAdmins(serviceId, "close",
                key));
        return jdbc.queryForList("select model_json from hostflow.notification where idempotency_key like ?",
                String.class, key + ":%").get(0);
    }

    /**
     * A module's refusal in hostile words (a NUL character, HTML, a line break with a mail header after it, 10,000
     * characters): it is journaled, and the service, the console's pages and the journal show it as one short line,
     * escaped. The NUL failed the journal's write (PostgreSQL stores none), so the answer was never recorded and the
     * call failed again and again.
     */
    @Test
    void aRefusalInHostileWordsIsJournaledAndShownAsOneShortEscapedLine() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        long serviceId = active(vps, vps.client("hostile-words", 1));
        ModuleOperations.ModuleCall call = operations.prepare(serviceId, "suspend", "hostile-" + serviceId);

        operations.finish(call, new ModuleOperations.Answer(new ModuleOutcome.Rejected("Err_VmManager",
                "Host\u0000 <script>alert(1)</script> refused\r\nBcc: eve@example.com\n" + "x".repeat(10_000)), null,
                null));

        JsonNode refused = service(vps, serviceId).get("refusedOperations");
        assertThat(refused).extracting(r -> r.get("reason").asText())
                .containsExactly("Err_VmManager: Host <script>alert(1)</script> refused");
        assertThat(page(login("demo", "demo"), "/console/services/" + serviceId))
                .contains("Host &lt;script&gt;alert(1)&lt;/script&gt; refused").doesNotContain("<script>alert(1)");
        assertThat(vps.admin().getForObject("/api/v1/services/" + serviceId + "/journal", JsonNode.class)
                .get("content").get(0).get("message").asText()).startsWith("Err_VmManager: Host <script>");
    }

    /** An active VPS whose host a VMmanager administrator then deleted by hand, HostFlow not knowing. */
    private long activeWithoutItsHost(SimulatedVps vps, SimulatedVps.Client client) {
        long serviceId = active(vps, client);
        simulator.deleteHostBehindHostFlowsBack(Long.parseLong(externalId(vps, serviceId)));
        return serviceId;
    }

    /** An active VPS of the client whose processes have all ended. */
    private static long active(SimulatedVps vps, SimulatedVps.Client client) {
        long serviceId = vps.activeVps(client).get("id").asLong();
        vps.awaitProcessesEnded(serviceId);
        return serviceId;
    }

    /** A mistyped external id on the service, as an admin may enter one by hand: answers the right one. */
    private String mistypeExternalId(SimulatedVps vps, long serviceId) {
        String host = externalId(vps, serviceId);
        jdbc.update("update hostflow.service set external_id = '999999998' where id = ?", serviceId);
        return host;
    }

    /** A page session's cookie, logged in through the form (which answers with a redirect, not followed). */
    private String login(String username, String password) {
        return ConsoleSecurityTest.login(http.withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW),
                username, password);
    }

    private String page(String session, String path) {
        return ConsoleSecurityTest.pageOf(http, session, path);
    }

    private int suspend(SimulatedVps vps, long serviceId) {
        return vps.admin().postForEntity("/api/v1/services/" + serviceId + "/suspend", Map.of("reason", "ABUSE"),
                JsonNode.class).getStatusCode().value();
    }

    private static JsonNode service(SimulatedVps vps, long serviceId) {
        return vps.admin().getForObject("/api/v1/services/" + serviceId, JsonNode.class);
    }

    private JsonNode list(SimulatedVps vps, long serviceId) {
        JsonNode page = vps.admin().getForObject("/api/v1/services?tariffId=" + vps.tariffId, JsonNode.class);
        for (JsonNode service : page.get("content")) {
            if (service.get("id").asLong() == serviceId) {
                return service;
            }
        }
        throw new AssertionError("service " + serviceId + " not listed");
    }

    private static String externalId(SimulatedVps vps, long serviceId) {
        return service(vps, serviceId).get("externalId").asText();
    }

    private static String balance(SimulatedVps vps, SimulatedVps.Client client) {
        return vps.admin().getForObject("/api/v1/clients/" + client.id() + "/account", JsonNode.class)
                .get("balance").asText();
    }
}
