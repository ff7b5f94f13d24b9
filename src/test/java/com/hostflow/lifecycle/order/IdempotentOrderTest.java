package com.hostflow.lifecycle.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;

/**
 * An order sent again with its Idempotency-Key (a client retrying after an answer it lost) is the order placed the
 * first time: 200 with that order, no second service, no second charge; at once or one after the other.
 */
@IntegrationTest
class IdempotentOrderTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
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
    void anOrderSentAgainWithItsKeyIsTheFirstOrder() {
        SimulatedVps.Client client = vps.client("retrying", 3);
        String key = UUID.randomUUID().toString();

        ResponseEntity<JsonNode> first = order(client, key, "debian-12");
        ResponseEntity<JsonNode> again = order(client, key, "debian-12");

        assertThat(first.getStatusCode().value()).as("%s", first.getBody()).isEqualTo(201);
        assertThat(again.getStatusCode().value()).as("%s", again.getBody()).isEqualTo(200);
        assertThat(again.getBody().get("orderId")).isEqualTo(first.getBody().get("orderId"));
        assertThat(again.getBody().get("serviceId")).isEqualTo(first.getBody().get("serviceId"));
        assertThat(again.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        assertThat(servicesOf(client)).isEqualTo(1);
        assertThat(balance(client)).as("one period charged of the 30.00 paid in").isEqualTo("20.00");

        ResponseEntity<JsonNode> otherOrderSameKey = order(client, key, "ubuntu-24.04");
        assertThat(otherOrderSameKey.getStatusCode().value()).isEqualTo(409);
        assertThat(otherOrderSameKey.getBody().get("detail").asText()).contains("Idempotency-Key");
        assertThat(order(client, UUID.randomUUID().toString(), "debian-12").getStatusCode().value()).isEqualTo(201);
        assertThat(order(client, null, "debian-12").getStatusCode().value()).isEqualTo(201);
        assertThat(servicesOf(client)).isEqualTo(3);

        SimulatedVps.Client another = vps.client("another", 1);
        assertThat(order(another, key, "debian-12").getStatusCode().value()).as("keys are the client's own")
                .isEqualTo(201);
    }

    @Test
    void eightRequestsWithOneKeyAtOncePlaceOneOrder() throws Exception {
        SimulatedVps.Client client = vps.client("impatient", 1);
        String key = "retry-" + vps.unique;

        List<ResponseEntity<JsonNode>> answers = AtOnce.run(8, () -> order(client, key, "debian-12"));

        assertThat(answers).extracting(answer -> answer.getStatusCode().value())
                .containsOnly(200, 201).filteredOn(status -> status == 201).hasSize(1);
        assertThat(answers).extracting(answer -> answer.getBody().get("orderId").asLong()).containsOnly(
                answers.get(0).getBody().get("orderId").asLong());
        assertThat(servicesOf(client)).isEqualTo(1);
    }

    @Test
    void aKeyThatIsNoKeyIsRefusedNamingTheHeader() {
        SimulatedVps.Client client = vps.client("sloppy", 1);

        for (String bad : List.of("x".repeat(101), "two words", "tab\there")) {
            ResponseEntity<JsonNode> refused = order(client, bad, "debian-12");
            assertThat(refused.getStatusCode().value()).as(bad).isEqualTo(400);
            assertThat(refused.getBody().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
        }
        assertThat(servicesOf(client)).isZero();
    }

    private ResponseEntity<JsonNode> order(SimulatedVps.Client client, String key, String os) {
        HttpHeaders headers = new HttpHeaders();
        if (key != null) {
            headers.set("Idempotency-Key", key);
        }
        return vps.as(client.email()).exchange("/api/v1/orders", HttpMethod.POST, new HttpEntity<>(Map.of(
                "clientId", client.id(), "tariffId", vps.tariffId, "period", "MONTH", "params", Map.of("os", os)),
                headers), JsonNode.class);
    }

    private long servicesOf(SimulatedVps.Client client) {
        return jdbc.queryForObject("select count(*) from hostflow.service where client_id = ?", Long.class,
                client.id());
    }

    private String balance(SimulatedVps.Client client) {
        return vps.admin().getForObject("/api/v1/clients/" + client.id() + "/account", JsonNode.class).get("balance")
                .asText();
    }
}
