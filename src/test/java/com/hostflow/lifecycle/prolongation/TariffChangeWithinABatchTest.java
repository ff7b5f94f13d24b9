package com.hostflow.lifecycle.prolongation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;
import com.hostflow.support.SimulatedVps.Client;

/**
 * A billing-run batch prolongs many services in one transaction, so it may have read a tariff before an admin's
 * change of it committed. A trial that goes on with its first paid period holds the tariff and must then price it
 * as it is now: here the month's price was taken away between the batch's first service (a DAY service, which read
 * the tariff) and the trial, so the trial goes on by the day. It used to go on by the month from the batch's earlier
 * read, a period its tariff no longer sold.
 */
@IntegrationTest
class TariffChangeWithinABatchTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    ServiceProlongations prolongations;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @LocalServerPort
    int port;

    @Test
    void aTrialGoesOnWithAPeriodOfTheTariffAsItIsAfterAChangeEarlierInTheBatch() throws Exception {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        Map<String, Object> byTheMonthAndTheDay = vps.tariffForm(Map.of("MONTH", "10.00", "DAY", "0.50"),
                Map.of("resource", "ram", "included", 1024));
        byTheMonthAndTheDay.put("trialDays", 3);
        assertThat(put(vps, byTheMonthAndTheDay).getStatusCode().value()).isEqualTo(200);
        Client client = vps.client("trial", 2);
        long daily = active(vps, client, "DAY");
        long trial = active(vps, client, "TRIAL");
        Map<String, Object> byTheDay = vps.tariffForm(Map.of("DAY", "0.50"), Map.of("resource", "ram", "included",
                1024));
        byTheDay.put("trialDays", 3);

        new TransactionTemplate(transactions).executeWithoutResult(batch -> {
            assertThat(prolongations.chargeNextPeriod(daily, null, false, null).paid()).isTrue();
            // the admin's change commits while the batch's transaction is open: nothing of it waits for the batch
            ResponseEntity<String> change = CompletableFuture.supplyAsync(() -> put(vps, byTheDay)).join();
            assertThat(change.getStatusCode().value()).as(change.getBody()).isEqualTo(200);
            assertThat(prolongations.chargeNextPeriod(trial, null, false, null).paid()).isTrue();
        });

        assertThat(jdbc.queryForObject("select period from hostflow.service where id = ?", String.class, trial))
                .isEqualTo("DAY");
        assertThat(jdbc.queryForObject("select amount from hostflow.charge where service_id = ? and charge_key"
                + " like 'prolong-%'", java.math.BigDecimal.class, trial)).isEqualByComparingTo("0.50");
    }

    private static long active(SimulatedVps vps, Client client, String period) {
        ResponseEntity<JsonNode> order = vps.as(client.email()).postForEntity("/api/v1/orders", Map.of("clientId",
                client.id(), "tariffId", vps.tariffId, "period", period, "params", Map.of("os", "debian-12")),
                JsonNode.class);
        assertThat(order.getStatusCode().value()).as("%s", order.getBody()).isEqualTo(201);
        long serviceId = order.getBody().get("serviceId").asLong();
        vps.awaitService(serviceId, service -> "ACTIVE".equals(service.get("status").asText()));
        vps.awaitProcessesEnded(serviceId);
        return serviceId;
    }

    private static ResponseEntity<String> put(SimulatedVps vps, Map<String, Object> form) {
        return vps.admin().exchange("/api/v1/tariffs/" + vps.tariffId, HttpMethod.PUT, new HttpEntity<>(form),
                String.class);
    }
}
