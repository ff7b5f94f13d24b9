package com.hostflow.lifecycle.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.catalog.Period;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.support.IsolatedIntegrationTest;

/** Admin deletion through the API with the real ServiceDeletionProcess (a service that never reached a module). */
@IsolatedIntegrationTest
class ServiceDeletionApiTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    ServiceRepository services;

    @Autowired
    Clock clock;

    @Test
    void anAdminDeletesAtOnceAndOnlyOnce() {
        long providerId = post("/api/v1/providers", Map.of("name", "Deletion " + System.nanoTime(),
                "currency", "EUR")).get("id").asLong();
        long clientId = post("/api/v1/clients", Map.of("name", "Deleting client", "providerId", providerId))
                .get("id").asLong();
        long id = services.save(new ServiceInstance(clientId, 7, providerId, "vds", Period.MONTH, false, Map.of(),
                Map.of(), null, clock.instant())).getId();

        ResponseEntity<JsonNode> deleted = delete(id);

        assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(deleted.getBody().get("status").asText()).isEqualTo("DELETED");
        assertThat(delete(id).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void unknownServiceIsNotFound() {
        assertThat(delete(987654321L).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    private JsonNode post(String path, Map<String, Object> body) {
        ResponseEntity<JsonNode> created = http.withBasicAuth("demo", "demo").postForEntity(path, body,
                JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return created.getBody();
    }

    private ResponseEntity<JsonNode> delete(long id) {
        return http.withBasicAuth("demo", "demo").exchange("/api/v1/services/" + id, HttpMethod.DELETE, null,
                JsonNode.class);
    }
}
