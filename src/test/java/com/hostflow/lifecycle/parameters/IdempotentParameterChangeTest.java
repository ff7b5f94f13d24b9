package com.hostflow.lifecycle.parameters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.HistoryService;
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
 * An add-on change sent again with its Idempotency-Key (a client retrying after an answer it lost) charges nothing
 * the second time and starts no second ParameterChangeProcess: 200 with the service; another request under the key
 * is 409; eight at once are one change.
 */
@IntegrationTest
class IdempotentParameterChangeTest {

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
    @LocalServerPort
    int port;

    SimulatedVps vps;
    SimulatedVps.Client client;

    @BeforeEach
    void catalog() {
        vps = new SimulatedVps(http, runtime, management, port).catalog().ramForSale();
        client = vps.client("changing", 3);
    }

    @Test
    void aChangeSentAgainWithItsKeyChargesOnce() {
        long serviceId = activeService();
        String key = UUID.randomUUID().toString();

        ResponseEntity<JsonNode> first = change(serviceId, key, 4096);
        vps.awaitProcessesEnded(serviceId);
        String balanceAfterFirst = balance();
        ResponseEntity<JsonNode> again = change(serviceId, key, 4096);
        vps.awaitProcessesEnded(serviceId);

        assertThat(first.getStatusCode().value()).as("%s", first.getBody()).isEqualTo(202);
        assertThat(again.getStatusCode().value()).as("%s", again.getBody()).isEqualTo(200);
        assertThat(again.getBody().get("id")).isEqualTo(first.getBody().get("id"));
        assertThat(again.getBody().get("addons")).isEqualTo(first.getBody().get("addons"));
        assertThat(again.getBody().get("addons").get("ram").asLong()).isEqualTo(4096);
        assertThat(balance()).as("nothing more charged").isEqualTo(balanceAfterFirst);
        assertThat(changeCharges(serviceId)).isEqualTo(1);
        assertThat(changeProcesses(serviceId)).isEqualTo(1);

        ResponseEntity<JsonNode> otherRequest = change(serviceId, key, 2048);
        assertThat(otherRequest.getStatusCode().value()).isEqualTo(409);
        assertThat(otherRequest.getBody().get("detail").asText()).contains("Idempotency-Key");
        ResponseEntity<JsonNode> badKey = change(serviceId, "two words", 2048);
        assertThat(badKey.getStatusCode().value()).isEqualTo(400);
        assertThat(badKey.getBody().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(changeCharges(serviceId) + changeCredits(serviceId)).isEqualTo(1);

        assertThat(change(serviceId, UUID.randomUUID().toString(), 2048).getStatusCode().value())
                .as("a new key is a new request").isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        assertThat(changeCredits(serviceId)).as("the way back down, a shrink VMmanager refuses: its credit held,"
                + " then dropped").isZero();
        assertThat(jdbc.queryForObject("select count(*) from hostflow.change_credit_held where service_id = ? and"
                + " outcome = 'DROPPED'", Long.class, serviceId)).isEqualTo(1);
        assertThat(changeProcesses(serviceId)).isEqualTo(2);
    }

    @Test
    void eightChangesWithOneKeyAtOnceChangeOnce() throws Exception {
        long serviceId = activeService();
        String key = "change-" + vps.unique;

        List<ResponseEntity<JsonNode>> answers = AtOnce.run(8, () -> change(serviceId, key, 3072));
        vps.awaitProcessesEnded(serviceId);

        assertThat(answers).extracting(answer -> answer.getStatusCode().value()).as("%s", answers)
                .containsOnly(200, 202).filteredOn(status -> status == 202).hasSize(1);
        assertThat(answers).extracting(answer -> answer.getBody().get("id").asLong()).containsOnly(serviceId);
        assertThat(changeCharges(serviceId)).isEqualTo(1);
        assertThat(changeProcesses(serviceId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from hostflow.request_key where client_id = ? and kind ="
                + " 'parameters'", Long.class, client.id())).isEqualTo(1);
    }

    private long activeService() {
        long serviceId = vps.activeVps(client).get("id").asLong();
        vps.awaitProcessesEnded(serviceId);
        return serviceId;
    }

    private ResponseEntity<JsonNode> change(long serviceId, String key, long ram) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Idempotency-Key", key);
        return vps.as(client.email()).exchange("/api/v1/services/" + serviceId + "/parameters", HttpMethod.POST,
                new HttpEntity<>(Map.of("addons", Map.of("ram", ram)), headers), JsonNode.class);
    }

    private long changeCharges(long serviceId) {
        return jdbc.queryForObject("select count(*) from hostflow.charge where service_id = ? and charge_key like"
                + " 'param-%'", Long.class, serviceId);
    }

    private long changeCredits(long serviceId) {
        return jdbc.queryForObject("select count(*) from hostflow.credit where service_id = ?", Long.class,
                serviceId);
    }

    private long changeProcesses(long serviceId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(ParameterChangeProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).count();
    }

    private String balance() {
        return vps.admin().getForObject("/api/v1/clients/" + client.id() + "/account", JsonNode.class)
                .get("balance").asText();
    }
}
