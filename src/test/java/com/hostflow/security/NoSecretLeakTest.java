package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.awaitility.Awaitility;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;

import jakarta.mail.internet.MimeMessage;

/**
 * A processing module's password shows up in no API response, no log line and nowhere in the engine (variables,
 * history, job exceptions, incidents); nor do the passwords a module creates for a client (the panel account's, the
 * VM's root password, a reset one), which only {@code GET /services/{id}/credentials} shows: not the mails, the
 * outbox, the audit log, the other answers or the credentials table in plain. Runs on whatever the shared database
 * holds, processes included.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class NoSecretLeakTest {

    /** Every catalog and audit read an admin can make; ids are appended for the by-id reads. */
    private static final List<String> CATALOG_LISTS = List.of("/datacenters", "/departments", "/providers",
            "/module-types", "/processing-modules", "/product-types", "/tariff-groups", "/tariffs");

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtimeService;

    @Autowired
    HistoryService historyService;

    @Autowired
    ManagementService managementService;

    @LocalServerPort
    int port;

    @Autowired
    GreenMail smtp;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    VmManager6Simulator simulator;

    @Test
    void theClientsPasswordsAppearOnlyAtTheCredentialsEndpointAlsoAfterAReset(CapturedOutput output)
            throws Exception {
        SimulatedVps vps = new SimulatedVps(http, runtimeService, managementService, port).catalog();
        SimulatedVps.Client client = vps.client("secret", 1);
        JsonNode service = vps.activeVps(client);
        long serviceId = service.get("id").asLong();
        String credentialsPath = "/api/v1/services/" + serviceId + "/credentials";
        JsonNode before = vps.as(client.email()).getForObject(credentialsPath, JsonNode.class);

        ResponseEntity<JsonNode> reset = vps.as(client.email()).postForEntity("/api/v1/services/" + serviceId
                + "/reset-password", null, JsonNode.class);
        assertThat(reset.getStatusCode().value()).as("%s", reset.getBody()).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);

        assertThat(historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(reset.getBody().get("processInstanceId").asText()).singleResult()
                .getEndActivityId()).isEqualTo("EndEvent_PasswordChanged");
        JsonNode after = vps.as(client.email()).getForObject(credentialsPath, JsonNode.class);
        List<String> secrets = List.of(before.get("password").asText(), before.get("rootPassword").asText(),
                after.get("rootPassword").asText());
        assertThat(after.get("rootPassword").asText()).isNotEqualTo(before.get("rootPassword").asText());
        assertThat(after.get("password").asText()).isEqualTo(before.get("password").asText());
        long hostId = service.get("externalId").asLong();
        assertThat(simulator.hostPasswordIs(hostId, after.get("rootPassword").asText())).isTrue();
        assertThat(simulator.hostPasswordIs(hostId, before.get("rootPassword").asText())).isFalse();

        // the client was told, without the password
        MimeMessage told = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(
                smtp.getReceivedMessages()).filter(m -> GreenMailUtil.getHeaders(m).contains(client.email()))
                .filter(m -> GreenMailUtil.getHeaders(m).contains("New password")).findFirst(),
                Optional::isPresent).orElseThrow();
        String everyMail = Arrays.stream(smtp.getReceivedMessages()).map(GreenMailUtil::getWholeMessage)
                .reduce("", String::concat);
        assertThat(GreenMailUtil.getWholeMessage(told)).contains("/my/services/" + serviceId + "/credentials");

        List<String> answers = new ArrayList<>();
        for (String path : List.of("/api/v1/services/" + serviceId, "/api/v1/services/" + serviceId + "/journal",
                "/api/v1/services/" + serviceId + "/processes", "/api/v1/clients/" + client.id() + "/notifications",
                "/api/v1/notifications?size=500", "/api/v1/audit?size=500",
                "/api/v1/audit?entity=service-credentials&size=500")) {
            ResponseEntity<String> answer = vps.admin().getForEntity(path, String.class);
            assertThat(answer.getStatusCode().is2xxSuccessful()).as(path).isTrue();
            answers.add(answer.getBody());
        }
        String stored = jdbc.queryForList("select * from hostflow.service_credentials where service_id = ?",
                serviceId).toString();
        String outbox = jdbc.queryForList("select * from hostflow.notification join hostflow.notification_delivery"
                + " on notification_id = id where client_id = ?", client.id())
                .toString();
        SecretLeakCheck engine = new SecretLeakCheck(runtimeService, historyService, managementService);
        for (String secret : secrets) {
            assertThat(answers).as("API answers").noneMatch(answer -> answer.contains(secret));
            assertThat(everyMail).as("mails").doesNotContain(secret);
            assertThat(stored).as("the credentials table").doesNotContain(secret);
            assertThat(outbox).as("the outbox").doesNotContain(secret);
            assertThat(output.getAll()).as("log lines").doesNotContain(secret);
            assertThat(engine.placesInTheEngine(secret)).as("places in the engine").isEmpty();
        }
    }

    @Test
    void aModulePasswordAppearsInNoResponseLogOrProcessVariable(CapturedOutput output) {
        String password = "Leak-Canary-" + UUID.randomUUID();
        SecurityFixtures f = SecurityFixtures.create(http);
        List<ResponseEntity<String>> responses = new ArrayList<>();

        // one module the simulator answers (wrong password), one that cannot be reached at all
        Map<String, Object> form = vmModule(f, "http://localhost:" + port + "/simulator/vmmanager6", password);
        ResponseEntity<String> created = f.call("demo", "demo", HttpMethod.POST, "/processing-modules", form);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        responses.add(created);
        long simulated = SecurityFixtures.json(created).get("id").asLong();
        ResponseEntity<String> unreachable = f.call("demo", "demo", HttpMethod.POST, "/processing-modules",
                vmModule(f, "http://localhost:1/simulator/vmmanager6", password));
        responses.add(unreachable);
        long unreachableId = SecurityFixtures.json(unreachable).get("id").asLong();
        responses.add(f.call("demo", "demo", HttpMethod.PUT, "/processing-modules/" + simulated, form));

        for (long id : List.of(simulated, unreachableId)) {
            ResponseEntity<String> check = f.call("demo", "demo", HttpMethod.POST,
                    "/processing-modules/" + id + "/check-connection", null);
            assertThat(check.getStatusCode().value()).as(check.getBody()).isEqualTo(200);
            responses.add(check);
        }

        for (String list : CATALOG_LISTS) {
            ResponseEntity<String> all = f.call("demo", "demo", HttpMethod.GET, list, null);
            responses.add(all);
            JsonNode items = SecurityFixtures.json(all);
            for (JsonNode item : items.has("content") ? items.get("content") : items) {
                String id = item.has("id") ? item.get("id").asText()
                        : item.has("code") ? item.get("code").asText() : item.get("type").asText();
                responses.add(f.call("demo", "demo", HttpMethod.GET, list + "/" + id, null));
            }
        }
        responses.add(f.call("demo", "demo", HttpMethod.GET, "/audit?size=500", null));
        responses.add(f.call("demo", "demo", HttpMethod.GET, "/audit?entity=processing-module&size=500", null));
        responses.add(f.asStaff(HttpMethod.GET, "/processing-modules/" + simulated, null));

        assertThat(responses).allSatisfy(response -> assertThat(response.getStatusCode().is2xxSuccessful())
                .as("%s", response.getBody()).isTrue());
        assertThat(responses).extracting(ResponseEntity::getBody).noneMatch(body -> body.contains(password));
        assertThat(SecurityFixtures.json(created).at("/integration/passwordSet").asBoolean()).isTrue();
        assertThat(output.getAll()).as("log lines").doesNotContain(password);
        assertThat(new SecretLeakCheck(runtimeService, historyService, managementService)
                .placesInTheEngine(password)).as("places in the engine").isEmpty();
    }

    private static Map<String, Object> vmModule(SecurityFixtures f, String url, String password) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("productType", "vds");
        form.put("moduleType", "vmmanager6");
        form.put("name", "leak-check-" + UUID.randomUUID());
        form.put("dataCenterId", f.dataCenterId);
        form.put("departmentId", f.moduleDepartmentId);
        form.put("sortOrder", 1);
        form.put("integration", Map.of("url", url, "username", "admin@example.com", "password", password));
        form.put("settings", Map.of("cluster", "1", "useRecipes", false, "additionalNetworkInterface", false));
        form.put("queue", Map.of("runInQueue", false));
        return form;
    }
}
