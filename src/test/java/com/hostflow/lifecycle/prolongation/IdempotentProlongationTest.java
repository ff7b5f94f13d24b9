package com.hostflow.lifecycle.prolongation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

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
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;

/**
 * A prolongation sent again with its Idempotency-Key (a client retrying after an answer it lost) charges nothing the
 * second time: 200 with the service; another request under the key is 409.
 */
@IntegrationTest
class IdempotentProlongationTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @LocalServerPort
    int port;

    @Test
    void aProlongationSentAgainWithItsKeyChargesOnce() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        SimulatedVps.Client client = vps.client("prolonging", 3);
        long serviceId = vps.activeVps(client).get("id").asLong();
        vps.awaitProcessesEnded(serviceId);
        String key = UUID.randomUUID().toString();

        ResponseEntity<JsonNode> first = prolong(vps, client, serviceId, key, "MONTH");
        vps.awaitProcessesEnded(serviceId);
        ResponseEntity<JsonNode> again = prolong(vps, client, serviceId, key, "MONTH");
        vps.awaitProcessesEnded(serviceId);

        assertThat(first.getStatusCode().value()).as("%s", first.getBody()).isEqualTo(202);
        assertThat(again.getStatusCode().value()).as("%s", again.getBody()).isEqualTo(200);
        assertThat(balance(vps, client)).as("the order and one more month of the 30.00 paid in").isEqualTo("10.00");
        ResponseEntity<JsonNode> otherRequest = prolong(vps, client, serviceId, key, "YEAR");
        assertThat(otherRequest.getStatusCode().value()).isEqualTo(409);
        assertThat(otherRequest.getBody().get("detail").asText())
                .contains("Idempotency-Key " + key + " was used for another prolong request before");
        assertThat(prolong(vps, client, serviceId, "two words", "MONTH").getStatusCode().value()).isEqualTo(400);
        assertThat(prolong(vps, client, serviceId, UUID.randomUUID().toString(), "MONTH").getStatusCode().value())
                .as("a new key is a new request").isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        assertThat(balance(vps, client)).isEqualTo("0.00");

        // one namespace of keys per client: an order's key sent with a prolongation is another request
        String orderKey = UUID.randomUUID().toString();
        HttpHeaders headers = new HttpHeaders();
        headers.set("Idempotency-Key", orderKey);
        assertThat(vps.as(client.email()).exchange("/api/v1/orders", HttpMethod.POST, new HttpEntity<>(Map.of(
                "clientId", client.id(), "tariffId", vps.tariffId, "period", "MONTH", "params",
                Map.of("os", "debian-12")), headers), JsonNode.class).getStatusCode().value()).isEqualTo(201);
        ResponseEntity<JsonNode> orderKeyAgain = prolong(vps, client, serviceId, orderKey, "MONTH");
        assertThat(orderKeyAgain.getStatusCode().value()).isEqualTo(409);
        assertThat(orderKeyAgain.getBody().get("detail").asText()).as("names what the key did before")
                .contains("was used for an order request before, not a prolong request");
    }

    private static ResponseEntity<JsonNode> prolong(SimulatedVps vps, SimulatedVps.Client client, long serviceId,
            String key, String period) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Idempotency-Key", key);
        return vps.as(client.email()).exchange("/api/v1/services/" + serviceId + "/prolong", HttpMethod.POST,
                new HttpEntity<>(Map.of("period", period), headers), JsonNode.class);
    }

    private static String balance(SimulatedVps vps, SimulatedVps.Client client) {
        return vps.admin().getForObject("/api/v1/clients/" + client.id() + "/account", JsonNode.class).get("balance")
                .asText();
    }
}
