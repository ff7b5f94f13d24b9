package com.hostflow.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.console.ConsoleSecurityTest;
import com.hostflow.lifecycle.moduleoperation.ModuleOperations;
import com.hostflow.lifecycle.moduleoperation.ModuleOperations.Answer;
import com.hostflow.lifecycle.moduleoperation.ModuleOperations.ModuleCall;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;
import com.hostflow.support.SimulatedVps.Client;

/**
 * {@code GET /services/{id}/credentials} on VPSs opened in the VMmanager 6 simulator: the client reads the panel login
 * and password and the root password that really open the panel and the VM; admins read them too, staff get 403,
 * another client 404; every read is in the audit log; a second VPS of the client shares its panel account.
 */
@IntegrationTest
class CredentialsApiTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    VmManager6Simulator simulator;

    @Autowired
    ModuleOperations operations;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    SimulatedVps vps;

    @BeforeEach
    void catalog() {
        vps = new SimulatedVps(http, runtime, management, port).catalog();
    }

    @Test
    void theClientReadsCredentialsThatWorkAndEveryReadIsAudited() {
        Client anna = vps.client("anna", 2);
        JsonNode service = vps.activeVps(anna);
        long serviceId = service.get("id").asLong();

        ResponseEntity<JsonNode> read = vps.as(anna.email()).getForEntity(credentialsOf(serviceId), JsonNode.class);

        assertThat(read.getStatusCode().value()).isEqualTo(200);
        JsonNode credentials = read.getBody();
        assertThat(credentials.get("login").asText()).isEqualTo(anna.email());
        assertThat(credentials.get("panelUrl").asText()).isEqualTo(vps.moduleUrl);
        assertThat(credentials.get("addresses")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(texts(service.get("ipAddresses"))).isNotEmpty();
        String password = credentials.get("password").asText();
        String rootPassword = credentials.get("rootPassword").asText();
        assertThat(password).hasSize(20);
        assertThat(rootPassword).hasSize(20).isNotEqualTo(password);
        // they are the real ones: the panel lets the client in, the VM has the root password
        assertThat(http.postForEntity("/simulator/vmmanager6/auth/v4/public/token", Map.of("email", anna.email(),
                "password", password), String.class).getStatusCode().value()).isEqualTo(201);
        assertThat(simulator.hostPasswordIs(service.get("externalId").asLong(), rootPassword)).isTrue();
        // and they are nowhere else in the service's answers
        assertThat(vps.admin().getForObject("/api/v1/services/" + serviceId, String.class))
                .doesNotContain(password, rootPassword);
        assertThat(vps.admin().getForObject("/api/v1/services/" + serviceId + "/journal", String.class))
                .doesNotContain(password, rootPassword);

        assertThat(vps.admin().getForObject(credentialsOf(serviceId), JsonNode.class).get("rootPassword").asText())
                .isEqualTo(rootPassword);
        JsonNode audit = vps.admin().getForObject("/api/v1/audit?entity=service-credentials&size=200",
                JsonNode.class);
        List<JsonNode> reads = new java.util.ArrayList<>();
        audit.get("content").forEach(entry -> {
            if (entry.get("entityId").asText().equals(Long.toString(serviceId))) {
                reads.add(entry);
            }
        });
        assertThat(reads).extracting(e -> e.get("action").asText()).containsOnly("READ");
        assertThat(reads).extracting(e -> e.get("user").asText()).containsExactlyInAnyOrder("demo", anna.email());
        assertThat(audit.toString()).doesNotContain(password, rootPassword);
    }

    @Test
    void onlyTheServicesClientAndAdminsReadThem() {
        Client owner = vps.client("owner", 1);
        Client stranger = vps.client("stranger", 0);
        long serviceId = vps.order(owner);
        String staff = "staff-" + vps.unique;
        vps.created("/users", Map.of("username", staff, "password", "staff-password", "roles", List.of("STAFF"),
                "departments", List.of(vps.departmentKey)));

        assertThat(vps.as(stranger.email()).getForEntity(credentialsOf(serviceId), String.class).getStatusCode()
                .value()).isEqualTo(404);
        assertThat(http.withBasicAuth(staff, "staff-password").getForEntity(credentialsOf(serviceId), String.class)
                .getStatusCode().value()).isEqualTo(403);
        assertThat(http.getForEntity(credentialsOf(serviceId), String.class).getStatusCode().value())
                .isEqualTo(401);
        assertThat(vps.admin().getForEntity(credentialsOf(987654321L), String.class).getStatusCode().value())
                .isEqualTo(404);
        assertThat(vps.as(owner.email()).getForEntity(credentialsOf(serviceId), String.class).getStatusCode()
                .value()).isEqualTo(200);

        // reset: 404 for the stranger, 403 for staff, 409 while the service is not ACTIVE or SUSPENDED
        assertThat(vps.as(stranger.email()).postForEntity(resetOf(serviceId), null, String.class).getStatusCode()
                .value()).isEqualTo(404);
        assertThat(http.withBasicAuth(staff, "staff-password").postForEntity(resetOf(serviceId), null, String.class)
                .getStatusCode().value()).isEqualTo(403);
        Client broke = vps.client("broke", 0);
        long unpaid = vps.order(broke);
        ResponseEntity<JsonNode> conflict = vps.as(broke.email()).postForEntity(resetOf(unpaid), null,
                JsonNode.class);
        assertThat(conflict.getStatusCode().value()).isEqualTo(409);
        assertThat(conflict.getBody().get("detail").asText()).contains("ACTIVE or SUSPENDED");
        assertThat(vps.admin().postForEntity(resetOf(987654321L), null, String.class).getStatusCode().value())
                .isEqualTo(404);
    }

    @Test
    void aSecondVpsOfTheClientSharesThePanelAccountAndItsPassword() {
        Client boris = vps.client("boris", 2);
        long first = vps.activeVps(boris).get("id").asLong();
        long second = vps.activeVps(boris).get("id").asLong();

        JsonNode one = vps.as(boris.email()).getForObject(credentialsOf(first), JsonNode.class);
        JsonNode two = vps.as(boris.email()).getForObject(credentialsOf(second), JsonNode.class);

        assertThat(two.get("login").asText()).isEqualTo(boris.email());
        assertThat(two.get("password").asText()).isEqualTo(one.get("password").asText());
        assertThat(two.get("rootPassword").asText()).isNotEqualTo(one.get("rootPassword").asText());
    }

    @Test
    void aRetriedPasswordResetSendsThePasswordStoredBeforeItsFirstCall() {
        Client ben = vps.client("ben", 1);
        JsonNode service = vps.activeVps(ben);
        long serviceId = service.get("id").asLong();
        String key = serviceId + "-reset_password-" + UUID.randomUUID();

        // the first attempt reaches VMmanager and its answer is lost (a crash before ModuleOperations.finish)
        ModuleCall first = operations.prepare(serviceId, "reset_password", key);
        assertThat(first.invoke(null).outcome()).isInstanceOf(ModuleOutcome.Pending.class);
        ModuleCall retry = operations.prepare(serviceId, "reset_password", key);

        assertThat(retry.request().firstAttempt()).isFalse();
        String chosen = first.request().rootPassword();
        assertThat(retry.request().rootPassword()).isEqualTo(chosen).hasSize(20);
        assertThat(retry.request().toString()).doesNotContain(chosen);
        Answer started = retry.invokeAndLook();
        operations.finish(retry, started);
        if (started.outcome() instanceof ModuleOutcome.Pending pending) {
            Awaitility.await("the password change done").atMost(Duration.ofSeconds(20)).until(() -> {
                Answer look = retry.invoke(pending.handle());
                if (look.outcome() instanceof ModuleOutcome.Pending) {
                    return false;
                }
                operations.finish(retry, look);
                return true;
            });
        }

        JsonNode credentials = vps.as(ben.email()).getForObject(credentialsOf(serviceId), JsonNode.class);
        assertThat(credentials.get("rootPassword").asText()).isEqualTo(chosen);
        assertThat(simulator.hostPasswordIs(service.get("externalId").asLong(), chosen)).isTrue();
    }

    /**
     * A password reset takes the service's turn (fifth race probe: a reset and a deletion at once called the module
     * side by side, the reset was refused on the deleted host and the client mailed "password change failed"): behind
     * a suspension under way it waits, then runs; once a deletion is under way it is refused with 409.
     */
    @Test
    void aPasswordResetWaitsForTheServicesTurnAndIsRefusedWhileTheServiceIsDeleted() {
        Client bea = vps.client("bea", 1);
        JsonNode service = vps.activeVps(bea);
        long serviceId = service.get("id").asLong();
        long host = service.get("externalId").asLong();
        simulator.control(new SimulatorControl(0.0, 1500, false));
        try {
            assertThat(vps.admin().postForEntity("/api/v1/services/" + serviceId + "/suspend",
                    Map.of("reason", "ADMIN"), JsonNode.class).getStatusCode().value()).isEqualTo(202);
            ResponseEntity<JsonNode> reset = vps.as(bea.email()).postForEntity(resetOf(serviceId), null,
                    JsonNode.class);

            assertThat(reset.getStatusCode().value()).as("%s", reset.getBody()).isEqualTo(202);
            assertThat(runtime.createExecutionQuery().processInstanceBusinessKey(Long.toString(serviceId))
                    .processDefinitionKey(ServicePasswordResetProcess.KEY).activityId("Gateway_TurnOrRecheck")
                    .count()).as("the reset waits behind the suspension").isEqualTo(1);
        } finally {
            simulator.control(new SimulatorControl(0.0, 0, false));
            simulator.finishRunningTasks(); // the 1.5 s task has done its part once the request was answered
        }
        vps.awaitProcessesEnded(serviceId);
        assertThat(simulator.host(host).get("state")).isEqualTo("stopped");
        String rootPassword = vps.as(bea.email()).getForObject(credentialsOf(serviceId), JsonNode.class)
                .get("rootPassword").asText();
        assertThat(simulator.hostPasswordIs(host, rootPassword)).as("the reset ran after the suspension").isTrue();

        simulator.control(new SimulatorControl(0.0, 1500, false));
        try {
            assertThat(vps.admin().exchange("/api/v1/services/" + serviceId, HttpMethod.DELETE, null,
                    JsonNode.class).getStatusCode().value()).isEqualTo(202);
            ResponseEntity<JsonNode> refused = vps.as(bea.email()).postForEntity(resetOf(serviceId), null,
                    JsonNode.class);

            assertThat(refused.getStatusCode().value()).as("%s", refused.getBody()).isEqualTo(409);
            assertThat(refused.getBody().get("detail").asText()).contains("is being deleted");
        } finally {
            simulator.control(new SimulatorControl(0.0, 0, false));
            simulator.finishRunningTasks(); // the 1.5 s task has done its part once the request was answered
        }
        vps.awaitProcessesEnded(serviceId);

        // once the deletion is done, the refusals say so: "is being deleted" sent a client waiting for nothing
        for (ResponseEntity<JsonNode> afterwards : List.of(
                vps.as(bea.email()).postForEntity(resetOf(serviceId), null, JsonNode.class),
                vps.as(bea.email()).postForEntity("/api/v1/services/" + serviceId + "/parameters",
                        Map.of("addons", Map.of("ram", 1024)), JsonNode.class),
                vps.admin().postForEntity("/api/v1/services/" + serviceId + "/suspend", Map.of("reason", "ABUSE"),
                        JsonNode.class),
                vps.admin().postForEntity("/api/v1/services/" + serviceId + "/resume", null, JsonNode.class))) {
            assertThat(afterwards.getStatusCode().value()).as("%s", afterwards.getBody()).isEqualTo(409);
            assertThat(afterwards.getBody().get("detail").asText()).as("%s", afterwards.getBody())
                    .endsWith(" is deleted");
        }
    }

    /**
     * The module chooses the new password: a client who sends one of its own ({@code {"password":"mine"}}) is told
     * that the request takes no such field, and nothing is reset. It was answered 202, set a random password and
     * mailed "password changed", and the password the client sent opened nothing.
     */
    @Test
    void aResetWithAPasswordOfTheClientsOwnIsRefusedNamingTheField() {
        Client dana = vps.client("dana", 1);
        long serviceId = vps.activeVps(dana).get("id").asLong();
        vps.awaitProcessesEnded(serviceId);
        org.springframework.http.HttpHeaders json = new org.springframework.http.HttpHeaders();
        json.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);

        ResponseEntity<JsonNode> mine = vps.as(dana.email()).postForEntity(resetOf(serviceId),
                new org.springframework.http.HttpEntity<>("{\"password\":\"mine-and-secret\"}", json),
                JsonNode.class);

        assertThat(mine.getStatusCode().value()).as("%s", mine.getBody()).isEqualTo(400);
        assertThat(mine.getBody().get("errors").findValuesAsText("field")).containsExactly("password");
        assertThat(mine.getBody().toString()).doesNotContain("mine-and-secret");
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId))
                .processDefinitionKey(ServicePasswordResetProcess.KEY).count()).as("nothing reset").isZero();
        // without a body, or with an empty one, it is the reset it always was (each once the one before has ended)
        assertThat(vps.as(dana.email()).postForEntity(resetOf(serviceId),
                new org.springframework.http.HttpEntity<>("{}", json), JsonNode.class).getStatusCode().value())
                .isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        assertThat(vps.as(dana.email()).postForEntity(resetOf(serviceId), null, JsonNode.class).getStatusCode()
                .value()).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        org.springframework.http.HttpHeaders form = new org.springframework.http.HttpHeaders();
        form.setContentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED);
        ResponseEntity<JsonNode> curlDashD = vps.as(dana.email()).postForEntity(resetOf(serviceId),
                new org.springframework.http.HttpEntity<>("", form), JsonNode.class);
        assertThat(curlDashD.getStatusCode().value()).as("curl -d '' sends a form type: %s", curlDashD.getBody())
                .isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
    }

    /** What the module created for the client goes with the deleted service: not kept, not shown. */
    @Test
    void theCredentialsOfADeletedServiceAreGone() {
        Client cleo = vps.client("cleo", 1);
        long serviceId = vps.activeVps(cleo).get("id").asLong();
        assertThat(vps.as(cleo.email()).getForEntity(credentialsOf(serviceId), JsonNode.class).getStatusCode()
                .value()).isEqualTo(200);

        assertThat(vps.admin().exchange("/api/v1/services/" + serviceId, HttpMethod.DELETE, null, JsonNode.class)
                .getStatusCode().value()).isEqualTo(202);
        vps.awaitService(serviceId, s -> "DELETED".equals(s.get("status").asText()));

        ResponseEntity<JsonNode> gone = vps.as(cleo.email()).getForEntity(credentialsOf(serviceId), JsonNode.class);
        assertThat(gone.getStatusCode().value()).as("%s", gone.getBody()).isEqualTo(409);
        assertThat(gone.getBody().get("detail").asText()).contains("deleted");
        assertThat(vps.admin().getForEntity(credentialsOf(serviceId), JsonNode.class).getStatusCode().value())
                .isEqualTo(409);
        assertThat(jdbc.queryForObject("select count(*) from hostflow.service_credentials where service_id = ?",
                Long.class, serviceId)).as("nothing kept").isZero();
    }

    /**
     * A panel password stored under a key that is gone (a rotation without the old key in
     * HOSTFLOW_PREVIOUS_SECRET_KEYS): the read shows the rest and says which password cannot be read and why
     * ({@code unreadable}, {@code unreadableFields}, {@code unreadableReason}); it was a 500 on every read, then it
     * was left out without a word, as if the module had none. The client area's page says so where the password was.
     */
    @Test
    void aPasswordNoConfiguredKeyDecryptsIsMarkedUnreadableAndTheRestIsShown() {
        Client dora = vps.client("dora", 1);
        long serviceId = vps.activeVps(dora).get("id").asLong();
        String lostKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        jdbc.update("update hostflow.service_credentials set password_encrypted = ? where service_id = ?",
                new com.hostflow.security.SecretCipher(lostKey).encrypt("lost-panel-password"), serviceId);

        ResponseEntity<JsonNode> read = vps.as(dora.email()).getForEntity(credentialsOf(serviceId), JsonNode.class);

        assertThat(read.getStatusCode().value()).as(String.valueOf(read.getBody())).isEqualTo(200);
        JsonNode body = read.getBody();
        assertThat(body.get("login").asText()).isEqualTo(dora.email());
        assertThat(body.get("rootPassword").asText()).hasSize(20);
        assertThat(body.has("password")).as(body.toString()).isFalse();
        assertThat(body.path("unreadable").asBoolean()).as(body.toString()).isTrue();
        assertThat(body.get("unreadableFields")).extracting(JsonNode::asText).containsExactly("password");
        assertThat(body.path("unreadableReason").asText()).contains("panel password", "cannot be decrypted",
                "current secret key").doesNotContain("root password");

        TestRestTemplate pages = http.withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW);
        String page = ConsoleSecurityTest.pageOf(pages, ConsoleSecurityTest.login(pages, dora.email(),
                SimulatedVps.CLIENT_PASSWORD), "/my/services/" + serviceId + "/credentials");
        assertThat(page).contains("id=\"access-password-unreadable\"", "cannot be shown",
                "The stored panel password cannot be decrypted").contains("id=\"access-root-password\"")
                .doesNotContain("id=\"access-password\"");

        jdbc.update("update hostflow.service_credentials set root_password_encrypted = ? where service_id = ?",
                new com.hostflow.security.SecretCipher(lostKey).encrypt("lost-root-password"), serviceId);
        JsonNode neither = vps.admin().getForObject(credentialsOf(serviceId), JsonNode.class);
        assertThat(neither.has("rootPassword")).as(neither.toString()).isFalse();
        assertThat(neither.get("unreadableFields")).extracting(JsonNode::asText)
                .containsExactly("password", "rootPassword");
        assertThat(neither.path("unreadableReason").asText()).contains("panel and root passwords",
                "a password reset sets a new root password");

        JsonNode fine = vps.admin().getForObject(credentialsOf(vps.activeVps(vps.client("eve", 1)).get("id")
                .asLong()), JsonNode.class);
        assertThat(fine.path("unreadable").asBoolean()).as(fine.toString()).isFalse();
        assertThat(fine.has("unreadableFields")).isFalse();
        assertThat(fine.has("unreadableReason")).isFalse();
    }

    private static String credentialsOf(long serviceId) {
        return "/api/v1/services/" + serviceId + "/credentials";
    }

    private static String resetOf(long serviceId) {
        return "/api/v1/services/" + serviceId + "/reset-password";
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
