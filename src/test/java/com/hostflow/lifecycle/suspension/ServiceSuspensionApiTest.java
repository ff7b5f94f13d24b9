package com.hostflow.lifecycle.suspension;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.catalog.Period;
import com.hostflow.lifecycle.resume.ServiceResumeProcess;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;
import com.hostflow.services.SuspensionReason;
import com.hostflow.support.IntegrationTest;

/**
 * Suspension and resume through the API with the real processes. The services here are suspended already, so the
 * reasons combine without calling a module (module calls are covered by the process path tests).
 */
@IntegrationTest
class ServiceSuspensionApiTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    ServiceRepository services;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    HistoryService history;

    @Autowired
    Clock clock;

    private TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }

    private long service(ServiceStatus status, SuspensionReason... reasons) {
        return transactions.execute(tx -> {
            ServiceInstance service = new ServiceInstance(System.nanoTime(), 7, 3, "vds", Period.MONTH, false,
                    Map.of(), Map.of("os", "debian-12"), null, clock.instant());
            service.changeStatus(status, clock.instant());
            for (SuspensionReason reason : reasons) {
                service.addSuspension(reason, clock.instant());
            }
            return services.save(service).getId();
        });
    }

    private ResponseEntity<JsonNode> post(String path, Object body) {
        return admin().postForEntity(path, body, JsonNode.class);
    }

    @Test
    void combinesReasonsAndResumesOnlyWhenNoneIsLeft() {
        long id = service(ServiceStatus.SUSPENDED, SuspensionReason.ABUSE);

        ResponseEntity<JsonNode> suspended = post("/api/v1/services/" + id + "/suspend",
                Map.of("reason", "ADMIN", "comment", "ticket 12"));

        assertThat(suspended.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(suspended.getBody().get("statusReasons")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("ABUSE", "ADMIN");

        ResponseEntity<JsonNode> resumed = post("/api/v1/services/" + id + "/resume", Map.of("reason", "ADMIN"));

        assertThat(resumed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(resumed.getBody().get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(resumed.getBody().get("statusReasons")).extracting(JsonNode::asText).containsExactly("ABUSE");
        assertThat(history.createHistoricActivityInstanceQuery().activityId("EndEvent_ReasonAdded")
                .processInstanceId(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(
                        Long.toString(id)).processDefinitionKey(ServiceSuspensionProcess.KEY).singleResult().getId())
                .count()).isEqualTo(1);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(Long.toString(id))
                .processDefinitionKey(ServiceResumeProcess.KEY).singleResult().getState()).isEqualTo("COMPLETED");

        JsonNode processes = admin().getForObject("/api/v1/services/" + id + "/processes", JsonNode.class);
        assertThat(processes).extracting(p -> p.get("processKey").asText())
                .containsExactly(ServiceSuspensionProcess.KEY, ServiceResumeProcess.KEY);
    }

    @Test
    void refusesASuspensionForAReasonInForce() {
        long id = service(ServiceStatus.SUSPENDED, SuspensionReason.ADMIN);

        assertThat(post("/api/v1/services/" + id + "/suspend", Map.of("reason", "ADMIN")).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void refusesToSuspendAServiceThatDoesNotRun() {
        long id = service(ServiceStatus.ORDERED);

        assertThat(post("/api/v1/services/" + id + "/suspend", Map.of("reason", "ABUSE")).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void refusesToResumeAServiceNotSuspendedForTheReason() {
        long id = service(ServiceStatus.SUSPENDED, SuspensionReason.BILLING);

        ResponseEntity<JsonNode> response = post("/api/v1/services/" + id + "/resume", null);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    /** RESTART_FAILED is what a start the module refused leaves on a paid service; no one suspends for it. */
    @ParameterizedTest
    @ValueSource(strings = {"BILLING", "RESTART_FAILED"})
    void onlyAdminAndAbuseAreReasonsAnAdminGives(String reason) {
        long id = service(ServiceStatus.ACTIVE);

        ResponseEntity<JsonNode> response = post("/api/v1/services/" + id + "/suspend", Map.of("reason", reason));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().get("errors").get(0).get("field").asText()).isEqualTo("reason");
    }

    /**
     * A resume without a reason lifts RESTART_FAILED (a start the module refused, tried again), never BILLING (a
     * payment lifts that): it was 409 "not suspended for [ADMIN, ABUSE]".
     */
    @Test
    void aResumeWithoutAReasonLiftsARefusedStartButNotBilling() {
        long id = service(ServiceStatus.SUSPENDED, SuspensionReason.BILLING, SuspensionReason.RESTART_FAILED);

        ResponseEntity<JsonNode> resumed = post("/api/v1/services/" + id + "/resume", null);

        assertThat(resumed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(resumed.getBody().get("statusReasons")).extracting(JsonNode::asText).containsExactly("BILLING");
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(history
                .createHistoricProcessInstanceQuery().processInstanceBusinessKey(Long.toString(id))
                .processDefinitionKey(ServiceResumeProcess.KEY).singleResult().getId()).variableName("reasons")
                .singleResult().getValue()).isEqualTo("RESTART_FAILED");
    }

    @Test
    void unknownServiceIsNotFound() {
        assertThat(post("/api/v1/services/987654321/suspend", Map.of("reason", "ABUSE")).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }
}
