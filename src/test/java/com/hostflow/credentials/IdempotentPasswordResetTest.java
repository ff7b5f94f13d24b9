package com.hostflow.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.console.ConsoleSecurityTest;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;

/**
 * A password reset sent again with its Idempotency-Key (a client retrying after an answer it lost) starts no second
 * reset: 200 with the first one's process instance, and the root password the first one set still opens the host.
 * Without a key, one reset at a time: another asked for while one runs is 409.
 */
@IntegrationTest
class IdempotentPasswordResetTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    HistoryService history;
    @Autowired
    VmManager6Simulator simulator;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;

    @Test
    void aResetSentAgainWithItsKeySetsNoOtherPassword() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        SimulatedVps.Client client = vps.client("resetting", 2);
        JsonNode service = vps.activeVps(client);
        long serviceId = service.get("id").asLong();
        long host = service.get("externalId").asLong();
        vps.awaitProcessesEnded(serviceId);
        String key = UUID.randomUUID().toString();

        ResponseEntity<JsonNode> first = reset(vps, client, serviceId, key);
        vps.awaitProcessesEnded(serviceId);
        String rootPassword = rootPassword(vps, client, serviceId);
        ResponseEntity<JsonNode> again = reset(vps, client, serviceId, key);
        vps.awaitProcessesEnded(serviceId);

        assertThat(first.getStatusCode().value()).as("%s", first.getBody()).isEqualTo(202);
        assertThat(again.getStatusCode().value()).as("%s", again.getBody()).isEqualTo(200);
        assertThat(again.getBody()).isEqualTo(first.getBody());
        assertThat(resets(serviceId)).isEqualTo(1);
        assertThat(rootPassword(vps, client, serviceId)).isEqualTo(rootPassword);
        assertThat(simulator.hostPasswordIs(host, rootPassword)).as("the first reset's password still works").isTrue();

        // one namespace of keys per client: an order's key sent with a reset is another request
        String orderKey = UUID.randomUUID().toString();
        HttpHeaders headers = new HttpHeaders();
        headers.set("Idempotency-Key", orderKey);
        assertThat(vps.as(client.email()).exchange("/api/v1/orders", HttpMethod.POST, new HttpEntity<>(Map.of(
                "clientId", client.id(), "tariffId", vps.tariffId, "period", "MONTH", "params",
                Map.of("os", "debian-12")), headers), JsonNode.class).getStatusCode().value()).isEqualTo(201);
        ResponseEntity<JsonNode> otherRequest = reset(vps, client, serviceId, orderKey);
        assertThat(otherRequest.getStatusCode().value()).isEqualTo(409);
        assertThat(otherRequest.getBody().get("detail").asText()).contains("Idempotency-Key");

        assertThat(reset(vps, client, serviceId, UUID.randomUUID().toString()).getStatusCode().value())
                .as("a new key is a new reset").isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        assertThat(resets(serviceId)).isEqualTo(2);
        assertThat(simulator.hostPasswordIs(host, rootPassword)).isFalse();
    }

    /**
     * Sixteen resets at once without a key (a double click, a script retrying) ran sixteen module calls one after the
     * other and mailed sixteen passwords, of which only the last worked: now one is accepted and the others are told
     * that it runs, through the API and on the client area's page alike; a key sent again is still its own reset's
     * 200. Once it has ended a new reset is accepted.
     */
    @Test
    void resetsAskedForWhileOneRunsAreRefusedNamingIt() throws Exception {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        SimulatedVps.Client client = vps.client("resetting-at-once", 1);
        long serviceId = vps.activeVps(client).get("id").asLong();
        vps.awaitProcessesEnded(serviceId);
        String key = UUID.randomUUID().toString();
        List<ResponseEntity<JsonNode>> answers;
        ResponseEntity<JsonNode> keyedAgain;
        ResponseEntity<JsonNode> byAdmin;
        String page;
        simulator.control(new SimulatorControl(0.0, 60_000, false)); // the module's task runs until told to finish
        try {
            answers = AtOnce.run(16, () -> reset(vps, client, serviceId, null));
            keyedAgain = reset(vps, client, serviceId, key);
            byAdmin = vps.admin().postForEntity("/api/v1/services/" + serviceId + "/reset-password", null,
                    JsonNode.class);
            page = resetOnThePage(client, serviceId);
        } finally {
            simulator.control(new SimulatorControl(0.0, 0, false));
            simulator.finishRunningTasks();
        }
        vps.awaitProcessesEnded(serviceId);

        List<Integer> statuses = answers.stream().map(a -> a.getStatusCode().value()).toList();
        assertThat(statuses).as("%s", answers).containsOnlyOnce(202).containsOnly(202, 409);
        String accepted = answers.stream().filter(a -> a.getStatusCode().value() == 202).findFirst().orElseThrow()
                .getBody().get("processInstanceId").asText();
        answers.stream().filter(a -> a.getStatusCode().value() == 409).forEach(refused -> assertThat(
                refused.getBody().get("detail").asText()).contains("already running", accepted));
        assertThat(keyedAgain.getStatusCode().value()).as("a new key: %s", keyedAgain.getBody()).isEqualTo(409);
        assertThat(byAdmin.getStatusCode().value()).as("an admin's: %s", byAdmin.getBody()).isEqualTo(409);
        assertThat(page).as("the page says why, no error page").contains("already running", accepted)
                .doesNotContain("Something went wrong");
        assertThat(resets(serviceId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(distinct operation_key) from hostflow.service_operation where"
                + " service_id = ? and operation = 'reset_password' and outcome in ('COMPLETED', 'PENDING')",
                Long.class, serviceId)).as("resets the module was called for").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from hostflow.notification where service_id = ? and event ="
                + " 'password-changed'", Long.class, serviceId)).as("mails").isEqualTo(1);

        // once it has ended a reset is accepted again, and its key sent again while it runs is its 200
        simulator.control(new SimulatorControl(0.0, 60_000, false));
        try {
            ResponseEntity<JsonNode> next = reset(vps, client, serviceId, key);
            ResponseEntity<JsonNode> again = reset(vps, client, serviceId, key);
            assertThat(next.getStatusCode().value()).as("%s", next.getBody()).isEqualTo(202);
            assertThat(again.getStatusCode().value()).as("%s", again.getBody()).isEqualTo(200);
            assertThat(again.getBody()).isEqualTo(next.getBody());
        } finally {
            simulator.control(new SimulatorControl(0.0, 0, false));
            simulator.finishRunningTasks();
        }
        vps.awaitProcessesEnded(serviceId);
        assertThat(resets(serviceId)).isEqualTo(2);
    }

    /** The client area's button as a logged-in client presses it: the page it is sent back to. */
    private String resetOnThePage(SimulatedVps.Client client, long serviceId) {
        TestRestTemplate pages = http.withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW);
        String session = ConsoleSecurityTest.login(pages, client.email(), SimulatedVps.CLIENT_PASSWORD);
        String path = "/my/services/" + serviceId + "/credentials";
        String form = ConsoleSecurityTest.pageOf(pages, session, path);
        Matcher requestKey = Pattern.compile("name=\"requestKey\" value=\"([^\"]+)\"").matcher(form);
        assertThat(requestKey.find()).as("the reset button's form: %s", form).isTrue();
        MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
        fields.add("requestKey", requestKey.group(1));
        fields.add("_csrf", ConsoleSecurityTest.csrf(form));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        headers.add(HttpHeaders.COOKIE, session);
        ResponseEntity<String> pressed = pages.exchange("/my/services/" + serviceId + "/reset-password",
                HttpMethod.POST, new HttpEntity<>(fields, headers), String.class);
        assertThat(pressed.getStatusCode().value()).as("%s", pressed.getBody()).isEqualTo(302);
        assertThat(pressed.getHeaders().getLocation()).asString().endsWith(path);
        return ConsoleSecurityTest.pageOf(pages, session, path);
    }

    private static ResponseEntity<JsonNode> reset(SimulatedVps vps, SimulatedVps.Client client, long serviceId,
            String key) {
        HttpHeaders headers = new HttpHeaders();
        if (key != null) {
            headers.set("Idempotency-Key", key);
        }
        return vps.as(client.email()).exchange("/api/v1/services/" + serviceId + "/reset-password",
                HttpMethod.POST, new HttpEntity<>(headers), JsonNode.class);
    }

    private static String rootPassword(SimulatedVps vps, SimulatedVps.Client client, long serviceId) {
        return vps.as(client.email()).getForObject("/api/v1/services/" + serviceId + "/credentials", JsonNode.class)
                .get("rootPassword").asText();
    }

    private long resets(long serviceId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(ServicePasswordResetProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).count();
    }
}
