package com.hostflow.services;

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
import com.hostflow.support.IntegrationTest;

/** Admin deletion through the API with the real ServiceDeletionProcess (a service that never reached a module). */
@IntegrationTest
class ServiceDeletionApiTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    ServiceRepository services;

    @Autowired
    Clock clock;

    private ResponseEntity<JsonNode> delete(long id) {
        return http.withBasicAuth("demo", "demo").exchange("/api/v1/services/" + id, HttpMethod.DELETE, null,
                JsonNode.class);
    }

    @Test
    void anAdminDeletesAtOnceAndOnlyOnce() {
        long id = services.save(new ServiceInstance(System.nanoTime(), 7, 3, "vds", Period.MONTH, false, Map.of(),
                Map.of(), null, clock.instant())).getId();

        ResponseEntity<JsonNode> deleted = delete(id);

        assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(deleted.getBody().get("status").asText()).isEqualTo("DELETED");
        assertThat(delete(id).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Autowired
    ServiceDeletions deletions;

    @Autowired
    com.hostflow.catalog.CatalogLookup catalog;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    private long suspendedForBilling(java.time.Instant since) {
        return transactions.execute(tx -> {
            ServiceInstance service = new ServiceInstance(System.nanoTime(), 7, 3, "vds", Period.MONTH, false,
                    Map.of(), Map.of(), null, clock.instant());
            service.changeStatus(ServiceStatus.SUSPENDED, clock.instant());
            service.addSuspension(SuspensionReason.BILLING, since);
            return services.save(service).getId();
        });
    }

    @Test
    void theBillingRunDeletesServicesSuspendedForBillingPastTheAutoDeletionDays() {
        int days = catalog.productType("vds").orElseThrow().autoDeletionDays();
        org.junit.jupiter.api.Assumptions.assumeTrue(days > 0, "vds deletes nothing automatically");
        java.time.Instant now = clock.instant();
        long overdue = suspendedForBilling(now.minus(java.time.Duration.ofDays(days + 1)));
        long recent = suspendedForBilling(now.minus(java.time.Duration.ofDays(days - 1)));

        java.util.List<Long> seen = deletions.deleteOverdueBatch(overdue - 1, 1000);

        assertThat(seen).contains(overdue, recent);
        assertThat(services.findById(overdue).orElseThrow().getStatus()).isEqualTo(ServiceStatus.DELETED);
        assertThat(services.findById(recent).orElseThrow().getStatus()).isEqualTo(ServiceStatus.SUSPENDED);
    }

    @Test
    void unknownServiceIsNotFound() {
        assertThat(delete(987654321L).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }
}
