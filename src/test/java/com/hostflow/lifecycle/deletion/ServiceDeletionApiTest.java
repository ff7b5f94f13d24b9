package com.hostflow.lifecycle.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.catalog.Period;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;
import com.hostflow.services.SuspensionReason;
import com.hostflow.support.IntegrationTest;

/** Admin deletion through the API with the real ServiceDeletionProcess (a service that never reached a module). */
@IntegrationTest
class ServiceDeletionApiTest {

    private static final int AUTO_DELETION_DAYS = 10;

    @Autowired
    TestRestTemplate http;

    @Autowired
    ServiceRepository services;

    @Autowired
    ServiceDeletions deletions;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Clock clock;

    @Test
    void anAdminDeletesAtOnceAndOnlyOnce() {
        long id = services.save(new ServiceInstance(System.nanoTime(), 7, 3, "vds", Period.MONTH, false, Map.of(),
                Map.of(), null, clock.instant())).getId();

        ResponseEntity<JsonNode> deleted = delete(id);

        assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(deleted.getBody().get("status").asText()).isEqualTo("DELETED");
        assertThat(delete(id).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void theBillingRunDeletesServicesSuspendedForBillingPastTheAutoDeletionDays() {
        String productType = productTypeDeletingAfter(AUTO_DELETION_DAYS);
        Instant now = clock.instant();
        long overdue = suspendedForBilling(productType, now.minus(Duration.ofDays(AUTO_DELETION_DAYS + 1)));
        long recent = suspendedForBilling(productType, now.minus(Duration.ofDays(AUTO_DELETION_DAYS - 1)));

        List<Long> seen = deletions.deleteOverdueBatch(overdue - 1, 1000);

        assertThat(seen).contains(overdue, recent);
        assertThat(services.findById(overdue).orElseThrow().getStatus()).isEqualTo(ServiceStatus.DELETED);
        assertThat(services.findById(recent).orElseThrow().getStatus()).isEqualTo(ServiceStatus.SUSPENDED);
    }

    @Test
    void unknownServiceIsNotFound() {
        assertThat(delete(987654321L).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    private String productTypeDeletingAfter(int days) {
        String code = "autodel-" + UUID.randomUUID().toString().substring(0, 8);
        ResponseEntity<String> created = http.withBasicAuth("demo", "demo").postForEntity("/api/v1/product-types",
                Map.ofEntries(Map.entry("code", code), Map.entry("name", "Auto-deleted"),
                        Map.entry("trialPolicy", "NONE"), Map.entry("splitExpensesByMonth", false),
                        Map.entry("noSuspendOnWeekends", false), Map.entry("autoDeletionDays", days),
                        Map.entry("clientDeletion", "ALLOWED"), Map.entry("onClientDelete", "IMMEDIATELY"),
                        Map.entry("orderPeriods", List.of("MONTH")), Map.entry("resources", List.of()),
                        Map.entry("parameters", List.of())), String.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return code;
    }

    private long suspendedForBilling(String productType, Instant since) {
        return transactions.execute(tx -> {
            ServiceInstance service = new ServiceInstance(System.nanoTime(), 7, 3, productType, Period.MONTH, false,
                    Map.of(), Map.of(), null, clock.instant());
            service.changeStatus(ServiceStatus.SUSPENDED, clock.instant());
            service.addSuspension(SuspensionReason.BILLING, since);
            return services.save(service).getId();
        });
    }

    private ResponseEntity<JsonNode> delete(long id) {
        return http.withBasicAuth("demo", "demo").exchange("/api/v1/services/" + id, HttpMethod.DELETE, null,
                JsonNode.class);
    }
}
