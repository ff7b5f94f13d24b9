package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Client;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.history.HostFlowHistoryLevel;
import com.hostflow.support.IntegrationTest;

/**
 * How many orders per second become ACTIVE VPSs, through the REST API, the BPMN processes and the VMmanager 6
 * simulator, on a durable embedded PostgreSQL. Not part of {@code verify}: run {@code ./mvnw -B -Pbenchmark test}.
 * A warm-up round comes first (the JIT needs it on 2 cores); only the measured round is reported.
 */
@IntegrationTest
// the history level production runs, not the test profile's full one
@TestPropertySource(properties = "camunda.bpm.history-level=" + HostFlowHistoryLevel.LEAN_NAME)
class OrderThroughputBenchmark {

    private static final Login ADMIN = new Login("demo", "demo");
    // the simulator's IPv4 pool has 253 addresses: warm-up and measured orders together must stay below that
    private static final int WARM_UP_ORDERS = Integer.getInteger("bench.warmup", 50);
    private static final int ORDERS = Integer.getInteger("bench.orders", 200);
    private static final Duration LIMIT = Duration.ofMinutes(15);

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @LocalServerPort
    int port;

    @Test
    void ordersToActive() {
        EndToEndApi api = new EndToEndApi(http, runtime, management);
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Catalog catalog = api.catalog(ADMIN, port, "bench-" + unique, "admin@example.com", "secret");

        round(api, catalog, "warm-up", WARM_UP_ORDERS);
        Round measured = round(api, catalog, "measured", ORDERS);

        System.out.printf("%nBENCHMARK orders->ACTIVE: %d orders, submitted in %.1f s, all ACTIVE after %.1f s: "
                + "%.1f orders/s; order->ACTIVE latency p50 %d ms, p95 %d ms, max %d ms%n%n", ORDERS,
                measured.submitted.toMillis() / 1000.0, measured.total.toMillis() / 1000.0,
                ORDERS * 1000.0 / measured.total.toMillis(), measured.percentile(50), measured.percentile(95),
                measured.percentile(100));
    }

    private Round round(EndToEndApi api, Catalog catalog, String name, int orders) {
        Client client = api.client(ADMIN, catalog.providerId(), name + "-" + UUID.randomUUID().toString()
                .substring(0, 8));
        api.pay(ADMIN, client.id(), "100000.00");
        long start = System.nanoTime();
        for (int i = 0; i < orders; i++) {
            api.ok(api.post(client.login(), "/api/v1/orders", Map.of("clientId", client.id(), "tariffId",
                    catalog.tariffId(), "period", "MONTH", "params", Map.of("os", "ubuntu-24.04"))));
        }
        Duration submitted = Duration.ofNanos(System.nanoTime() - start);
        try {
            Awaitility.await("every order ACTIVE or FAILED").atMost(LIMIT).pollInterval(Duration.ofMillis(250))
                    .until(() -> count(api, client, "ACTIVE") + count(api, client, "FAILED") >= orders);
        } catch (ConditionTimeoutException e) {
            // the assertion below reports how many made it
        }
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        assertThat(count(api, client, "ACTIVE")).as("services ACTIVE after the %s round", name).isEqualTo(orders);
        return new Round(submitted, total, latencies(api, client, orders));
    }

    private static long count(EndToEndApi api, Client client, String status) {
        return api.ok(api.get(ADMIN, "/api/v1/services?size=1&status=" + status + "&clientId=" + client.id()))
                .get("totalElements").asLong();
    }

    private static List<Long> latencies(EndToEndApi api, Client client, int orders) {
        List<Long> millis = new ArrayList<>();
        for (int page = 0; millis.size() < orders; page++) {
            JsonNode content = api.ok(api.get(ADMIN, "/api/v1/services?size=200&page=" + page + "&clientId="
                    + client.id())).get("content");
            if (content.isEmpty()) {
                break;
            }
            content.forEach(service -> millis.add(Duration.between(Instant.parse(service.get("createdAt").asText()),
                    Instant.parse(service.get("updatedAt").asText())).toMillis()));
        }
        return millis.stream().sorted().toList();
    }

    private record Round(Duration submitted, Duration total, List<Long> latencies) {

        long percentile(int p) {
            int index = Math.max(0, (int) Math.ceil(p / 100.0 * latencies.size()) - 1);
            return latencies.get(index);
        }
    }
}
