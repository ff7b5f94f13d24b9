package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
import com.hostflow.credentials.ServicePasswordResetProcess;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;

/**
 * An admin's suspension and resumption and a deletion sent again with their Idempotency-Key (a retry after an answer
 * that was lost) do nothing the second time and answer 200 with the service; without the key the second was a 409.
 */
@IntegrationTest
class IdempotentServiceActionsTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    HistoryService history;
    @LocalServerPort
    int port;

    @Test
    void aSuspensionAResumptionAndADeletionSentAgainUnderTheirKeysAreDoneOnce() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        SimulatedVps.Client client = vps.client("keyed", 1);
        long serviceId = vps.activeVps(client).get("id").asLong();
        vps.awaitProcessesEnded(serviceId);
        String suspendKey = UUID.randomUUID().toString();
        Map<String, Object> abuse = Map.of("reason", "ABUSE", "comment", "spam");

        assertThat(send(vps.admin(), "/suspend", serviceId, abuse, suspendKey).getStatusCode().value()).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        ResponseEntity<JsonNode> suspendedAgain = send(vps.admin(), "/suspend", serviceId, abuse, suspendKey);
        assertThat(suspendedAgain.getStatusCode().value()).as("%s", suspendedAgain.getBody()).isEqualTo(200);
        assertThat(suspendedAgain.getBody().get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(send(vps.admin(), "/suspend", serviceId, abuse, null).getStatusCode().value())
                .as("without the key the same request is a new one").isEqualTo(409);
        ResponseEntity<JsonNode> otherRequest = send(vps.admin(), "/suspend", serviceId,
                Map.of("reason", "ADMIN"), suspendKey);
        assertThat(otherRequest.getStatusCode().value()).isEqualTo(409);
        assertThat(otherRequest.getBody().get("detail").asText()).contains("Idempotency-Key");

        String resumeKey = UUID.randomUUID().toString();
        Map<String, Object> lifted = Map.of("reason", "ABUSE");
        assertThat(send(vps.admin(), "/resume", serviceId, lifted, resumeKey).getStatusCode().value()).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        assertThat(send(vps.admin(), "/resume", serviceId, lifted, resumeKey).getStatusCode().value()).isEqualTo(200);
        assertThat(vps.awaitService(serviceId, s -> "ACTIVE".equals(s.get("status").asText()))).isNotNull();

        String deleteKey = UUID.randomUUID().toString();
        assertThat(delete(vps.as(client.email()), serviceId, deleteKey).getStatusCode().value()).isEqualTo(202);
        ResponseEntity<JsonNode> deletedAgain = delete(vps.as(client.email()), serviceId, deleteKey);
        assertThat(deletedAgain.getStatusCode().value()).as("%s", deletedAgain.getBody()).isEqualTo(200);
        vps.awaitProcessesEnded(serviceId);

        assertThat(count(serviceId, "ServiceSuspensionProcess")).isEqualTo(1);
        assertThat(count(serviceId, "ServiceResumeProcess")).isEqualTo(1);
        assertThat(count(serviceId, "ServiceDeletionProcess")).isEqualTo(1);
        assertThat(delete(vps.as(client.email()), serviceId, UUID.randomUUID().toString()).getStatusCode().value())
                .as("a new key is a new request: the service is deleted").isEqualTo(409);
    }

    /** Six deletions at once under one key (a client's retry loop): one 202, five 200, one deletion. */
    @Test
    void sixDeletionsAtOnceUnderOneKeyDeleteOnce() throws Exception {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        SimulatedVps.Client client = vps.client("keyed-at-once", 1);
        long serviceId = vps.activeVps(client).get("id").asLong();
        vps.awaitProcessesEnded(serviceId);
        String key = UUID.randomUUID().toString();

        List<Integer> statuses = AtOnce.run(6, () -> delete(vps.as(client.email()), serviceId, key)
                .getStatusCode().value());
        vps.awaitProcessesEnded(serviceId);

        assertThat(statuses).as(statuses.toString()).containsOnlyOnce(202).containsOnly(202, 200);
        assertThat(count(serviceId, "ServiceDeletionProcess")).isEqualTo(1);
    }

    /**
     * A key is the caller's own within the client: an admin whose key the client had used for a prolongation got 409
     * for a suspension, and an admin's password reset under the client's reset key answered the client's reset (200)
     * and set no password. Each caller sending its own request again is still answered 200 and done once.
     */
    @Test
    void theClientAndAnAdminUsingOneKeyForTheirOwnRequestsAreBothDoneAndEachOnce() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        SimulatedVps.Client client = vps.client("shared-key", 3);
        long serviceId = vps.activeVps(client).get("id").asLong();
        vps.awaitProcessesEnded(serviceId);
        TestRestTemplate byClient = vps.as(client.email());
        String resetKey = UUID.randomUUID().toString();

        assertThat(send(byClient, "/reset-password", serviceId, null, resetKey).getStatusCode().value())
                .isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        ResponseEntity<JsonNode> adminsReset = send(vps.admin(), "/reset-password", serviceId, null, resetKey);
        assertThat(adminsReset.getStatusCode().value()).as("%s", adminsReset.getBody()).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        assertThat(send(byClient, "/reset-password", serviceId, null, resetKey).getStatusCode().value())
                .isEqualTo(200);
        assertThat(send(vps.admin(), "/reset-password", serviceId, null, resetKey).getStatusCode().value())
                .isEqualTo(200);
        vps.awaitProcessesEnded(serviceId);
        assertThat(count(serviceId, ServicePasswordResetProcess.KEY)).isEqualTo(2);

        String key = UUID.randomUUID().toString();
        Map<String, Object> month = Map.of("period", "MONTH");
        Map<String, Object> abuse = Map.of("reason", "ABUSE", "comment", "spam");
        assertThat(send(byClient, "/prolong", serviceId, month, key).getStatusCode().value()).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        ResponseEntity<JsonNode> suspended = send(vps.admin(), "/suspend", serviceId, abuse, key);
        assertThat(suspended.getStatusCode().value()).as("%s", suspended.getBody()).isEqualTo(202);
        vps.awaitProcessesEnded(serviceId);
        assertThat(send(vps.admin(), "/suspend", serviceId, abuse, key).getStatusCode().value()).isEqualTo(200);
        assertThat(send(byClient, "/prolong", serviceId, month, key).getStatusCode().value()).isEqualTo(200);
        assertThat(count(serviceId, "ServiceProlongationProcess")).isEqualTo(1);
        assertThat(count(serviceId, "ServiceSuspensionProcess")).isEqualTo(1);
        assertThat(vps.awaitService(serviceId, s -> "SUSPENDED".equals(s.get("status").asText()))).isNotNull();
    }

    private static ResponseEntity<JsonNode> send(TestRestTemplate as, String action, long serviceId,
            Map<String, Object> body, String key) {
        HttpHeaders headers = new HttpHeaders();
        if (key != null) {
            headers.set("Idempotency-Key", key);
        }
        return as.exchange("/api/v1/services/" + serviceId + action, HttpMethod.POST, new HttpEntity<>(body, headers),
                JsonNode.class);
    }

    private static ResponseEntity<JsonNode> delete(TestRestTemplate as, long serviceId, String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Idempotency-Key", key);
        return as.exchange("/api/v1/services/" + serviceId, HttpMethod.DELETE, new HttpEntity<>(headers),
                JsonNode.class);
    }

    private long count(long serviceId, String processKey) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(processKey)
                .processInstanceBusinessKey(Long.toString(serviceId)).count();
    }
}
