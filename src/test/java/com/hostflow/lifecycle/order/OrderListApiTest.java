package com.hostflow.lifecycle.order;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;

/** GET /orders: a client's own orders, newest first, filtered; staff and admins any. */
@IntegrationTest
class OrderListApiTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @LocalServerPort
    int port;

    SimulatedVps vps;

    @BeforeEach
    void catalog() {
        vps = new SimulatedVps(http, runtime, management, port).catalog();
    }

    @Test
    void aClientListsItsOwnOrdersNewestFirstAndFiltersThem() {
        SimulatedVps.Client paying = vps.client("lister", 1);
        SimulatedVps.Client other = vps.client("other", 1);
        long paidService = vps.order(paying);
        long waitingService = vps.order(paying);
        long othersService = vps.order(other);

        JsonNode own = get(paying.email(), "/api/v1/orders").getBody();
        assertThat(own.get("content").findValuesAsText("serviceId"))
                .containsExactly(Long.toString(waitingService), Long.toString(paidService));
        assertThat(own.get("totalElements").asLong()).isEqualTo(2);
        assertThat(own.get("content").get(0).get("createdAt").asText()).isNotBlank();

        JsonNode waiting = get(paying.email(), "/api/v1/orders?status=AWAITING_PAYMENT").getBody();
        assertThat(waiting.get("content").findValuesAsText("serviceId")).containsExactly(Long.toString(waitingService));
        JsonNode ofPaidService = get(paying.email(), "/api/v1/orders?serviceId=" + paidService).getBody();
        assertThat(ofPaidService.get("content").findValuesAsText("serviceId")).containsExactly(
                Long.toString(paidService));
        assertThat(ofPaidService.get("content").get(0).get("status").asText()).isIn("PAID", "COMPLETED");
        assertThat(get(paying.email(), "/api/v1/orders?serviceId=" + othersService).getStatusCode().value())
                .as("another client's service, as another client's id").isEqualTo(404);
        assertThat(get(paying.email(), "/api/v1/orders?clientId=" + other.id()).getStatusCode().value())
                .isEqualTo(404);

        JsonNode byAdmin = vps.admin().getForObject("/api/v1/orders?clientId=" + other.id(), JsonNode.class);
        assertThat(byAdmin.get("content").findValuesAsText("serviceId")).containsExactly(Long.toString(othersService));
    }

    @Test
    void badFiltersAreRefusedNamingTheParameter() {
        for (String[] bad : new String[][] {{"status=SHIPPED", "status"}, {"page=-1", "page"}, {"size=0", "size"},
                {"size=201", "size"}, {"clientId=abc", "clientId"}, {"serviceId=x", "serviceId"}}) {
            ResponseEntity<JsonNode> refused = vps.admin().getForEntity("/api/v1/orders?" + bad[0], JsonNode.class);
            assertThat(refused.getStatusCode().value()).as(bad[0]).isEqualTo(400);
            assertThat(refused.getBody().toString()).as(bad[0]).contains(bad[1]);
        }
    }

    private ResponseEntity<JsonNode> get(String login, String path) {
        return vps.as(login).getForEntity(path, JsonNode.class);
    }
}
