package com.hostflow.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;

/**
 * A password reset sent again with its Idempotency-Key (a client retrying after an answer it lost) starts no second
 * reset: 200 with the first one's process instance, and the root password the first one set still opens the host.
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

    private static ResponseEntity<JsonNode> reset(SimulatedVps vps, SimulatedVps.Client client, long serviceId,
            String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Idempotency-Key", key);
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
