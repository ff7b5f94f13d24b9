package com.hostflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;

/**
 * API.md and reference/ read as a stranger reads them: each test takes one statement of the shared documents and
 * checks it over real HTTP, as a test written from the documents alone would.
 */
@IntegrationTest
class ContractWalkTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @LocalServerPort
    int port;

    private SimulatedVps vps;

    @BeforeEach
    void catalog() {
        vps = new SimulatedVps(http, runtime, management, port).catalog();
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }

    private JsonNode get(String path) {
        ResponseEntity<JsonNode> answer = admin().getForEntity("/api/v1" + path, JsonNode.class);
        assertThat(answer.getStatusCode()).as("GET %s: %s", path, answer.getBody()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    /**
     * "GET /services/{id} → {"id",…,"paidUntil",…,"processingModuleId","externalId","domain"}": a service waiting
     * for its payment has no paid period, module or VM yet, and its answer left those fields out; so did a running
     * process its "endTime". A reader testing a named field (body.get("paidUntil").isNull()) found nothing there.
     */
    @Test
    void aServiceWaitingForItsPaymentAnswersEveryFieldTheContractNames() {
        SimulatedVps.Client client = vps.client("unpaid", 0);
        long serviceId = vps.order(client);
        try {
            JsonNode service = get("/services/" + serviceId);

            assertThat(service.get("status").asText()).isEqualTo("ORDERED");
            assertThat(fieldNames(service)).as("%s", service).contains("id", "clientId", "tariffId", "status",
                    "statusReasons", "period", "paidUntil", "addons", "params", "processingModuleId", "externalId",
                    "domain");
            assertThat(service.get("paidUntil").isNull()).isTrue();
            assertThat(service.get("processingModuleId").isNull()).isTrue();
            assertThat(service.get("externalId").isNull()).isTrue();

            JsonNode order = get("/services/" + serviceId + "/processes").get(0);
            assertThat(order.get("processKey").asText()).isEqualTo("ServiceOrderProcess");
            assertThat(fieldNames(order)).contains("id", "processKey", "state", "startTime", "endTime", "cockpitUrl");
            assertThat(order.get("endTime").isNull()).as("%s", order).isTrue();
        } finally {
            // the order waits for a payment that never comes: withdrawn, it ends its process
            admin().exchange("/api/v1/services/" + serviceId, HttpMethod.DELETE, null, String.class);
            vps.awaitProcessesEnded(serviceId);
        }
    }

    /**
     * "/datacenters — {"name","externalId","sortOrder","icon":{…} | null}" and the audit's
     * "{"at","user","action","entity","entityId","before","after"}": a data center without an external id or icon,
     * and the audit entry of a creation (nothing before), answered without those fields.
     */
    @Test
    void aDataCenterWithoutIconAndItsCreationInTheAuditNameEveryField() {
        ResponseEntity<JsonNode> created = admin().exchange("/api/v1/datacenters", HttpMethod.POST,
                new HttpEntity<>(Map.of("name", "Plain DC " + vps.unique, "sortOrder", 7)), JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        long id = created.getBody().get("id").asLong();

        for (JsonNode dataCenter : new JsonNode[] {created.getBody(), get("/datacenters/" + id)}) {
            assertThat(fieldNames(dataCenter)).contains("name", "externalId", "sortOrder", "icon");
            assertThat(dataCenter.get("externalId").isNull()).isTrue();
            assertThat(dataCenter.get("icon").isNull()).isTrue();
        }

        JsonNode creation = get("/audit?entity=datacenter&user=demo&size=200").get("content").findParents("entityId")
                .stream().filter(e -> e.get("entityId").asText().equals(Long.toString(id))).findFirst().orElseThrow();
        assertThat(fieldNames(creation)).contains("at", "user", "action", "entity", "entityId", "before", "after");
        assertThat(creation.get("action").asText()).isEqualTo("CREATE");
        assertThat(creation.get("before").isNull()).isTrue();
    }

    /**
     * reference/vmmanager6-api.md: "POST /auth/v4/public/token {"email","password"} → HTTP 201
     * {"id","token","expires_at","confirmed":true}". The simulator meant to answer expires_at (null: its tokens
     * expire by inactivity only) and the application's JSON settings dropped it.
     */
    @Test
    void theSimulatorsTokenAnswerHasEveryFieldOfVmManagers() {
        ResponseEntity<JsonNode> token = http.postForEntity("/simulator/vmmanager6/auth/v4/public/token",
                Map.of("email", "admin@example.com", "password", "secret"), JsonNode.class);

        assertThat(token.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(fieldNames(token.getBody())).contains("id", "token", "expires_at", "confirmed");
        assertThat(token.getBody().get("confirmed").asBoolean()).isTrue();
    }

    /**
     * reference/vmmanager6-api.md: "Errors: {"error":{"code":<int>,"msg":"...","value":{...}}}", and API.md: the
     * simulator answers "with the same … error shape": its errors had no "value".
     */
    @Test
    void theSimulatorsErrorsHaveVmManagersShape() {
        ResponseEntity<JsonNode> refused = http.postForEntity("/simulator/vmmanager6/auth/v4/public/token",
                Map.of("email", "admin@example.com", "password", "not-the-password"), JsonNode.class);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        JsonNode error = refused.getBody().get("error");
        assertThat(fieldNames(error)).containsExactly("code", "msg", "value");
        assertThat(error.get("code").isInt()).isTrue();
        assertThat(error.get("msg").asText()).isNotBlank();
        assertThat(error.get("value").isObject()).isTrue();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
