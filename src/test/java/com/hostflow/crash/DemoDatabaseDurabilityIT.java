package com.hostflow.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The default profile keeps every acknowledged write through {@code kill -9}. The built jar runs with no profile
 * (embedded PostgreSQL on its own data directory); four writers record payments while the process is killed: once
 * HostFlow alone (its PostgreSQL lives on and is shut down by the next start), once HostFlow and its PostgreSQL
 * together (the next start recovers from the write-ahead log). After each restart every payment that was answered
 * 201 must be there, nothing that was never sent, and the balance must be their exact sum less the one order. That
 * order's VPS, opened in the built-in simulator before the first kill, is still there after each restart: an admin
 * suspends and resumes it (the simulator lived in memory, and every service had lost its VM after a restart).
 */
class DemoDatabaseDurabilityIT {

    private static final int WRITERS = 4;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 40;
    private static final BigDecimal OPENING_PAYMENT = new BigDecimal("50.00");

    private final Path workDirectory = Path.of("target", "durability-it", UUID.randomUUID().toString());
    private final Path dataDirectory = workDirectory.resolve("postgres").toAbsolutePath();
    private final HostFlowProcess hostflow = new HostFlowProcess("hostflow", workDirectory.resolve("logs"),
            List.of("--hostflow.embedded-database.data-directory=" + dataDirectory,
                    "--hostflow.workflow.module-operation.poll-backoff=" + HostFlowProcess.QUICK_POLLS));

    private final Map<String, BigDecimal> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, BigDecimal> attempted = new ConcurrentHashMap<>();

    @AfterEach
    void stopEverything() {
        hostflow.kill();
        HostFlowProcess.postmaster(dataDirectory).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void everyAcknowledgedPaymentAndTheDemoVmsSurviveKillMinusNine() throws Exception {
        hostflow.start().awaitReady(Duration.ofMinutes(5));
        long clientId = demoClientId();
        HostFlowApi admin = new HostFlowApi(hostflow.baseUrl(), "demo", "demo");
        JsonNode order = admin.post("/api/v1/orders", Map.of("clientId", clientId, "tariffId", 1, "period", "MONTH",
                "params", Map.of("os", "ubuntu-24.04"))).json();
        long serviceId = order.get("serviceId").asLong();
        BigDecimal charged = new BigDecimal(order.get("amount").asText());
        awaitStatus(serviceId, "ACTIVE");

        for (boolean killPostgresToo : List.of(false, true)) {
            writeUntilKilled(clientId, killPostgresToo);
            hostflow.start().awaitReady(Duration.ofMinutes(5));
            assertEveryAcknowledgedPaymentIsThere(clientId, charged);
            assertTheVmIsStillThere(serviceId);
        }

        hostflow.stop();
        assertThat(HostFlowProcess.postmaster(dataDirectory))
                .as("a stopped HostFlow stops its PostgreSQL").isEmpty();
    }

    private void writeUntilKilled(long clientId, boolean killPostgresToo) throws Exception {
        HostFlowApi admin = new HostFlowApi(hostflow.baseUrl(), "demo", "demo");
        AtomicInteger round = new AtomicInteger(acknowledged.size());
        int target = acknowledged.size() + ACKNOWLEDGED_BEFORE_KILL;
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            running.add(writers.submit(() -> {
                while (true) {
                    String externalId = "durability-" + UUID.randomUUID();
                    BigDecimal amount = new BigDecimal(1 + round.incrementAndGet() % 97).movePointLeft(2)
                            .add(BigDecimal.ONE);
                    attempted.put(externalId, amount);
                    try {
                        var answer = admin.post("/api/v1/payments",
                                Map.of("clientId", clientId, "amount", amount.toPlainString(), "externalId",
                                        externalId));
                        if (answer.status() == 201) {
                            acknowledged.put(externalId, amount);
                        } else {
                            throw new IllegalStateException("payment answered " + answer.status() + ": "
                                    + answer.body());
                        }
                    } catch (java.io.IOException e) {
                        return null; // the process is gone: this write was never acknowledged
                    }
                }
            }));
        }
        Awaitility.await("acknowledged payments before the kill").atMost(Duration.ofMinutes(2))
                .until(() -> acknowledged.size() >= target || running.stream().anyMatch(Future::isDone));
        var postgres = HostFlowProcess.postmaster(dataDirectory);
        hostflow.kill();
        if (killPostgresToo) {
            assertThat(postgres).as("PostgreSQL runs while HostFlow does").isPresent();
            postgres.get().destroyForcibly();
            postgres.get().onExit().join();
        }
        writers.shutdown();
        for (Future<?> writer : running) {
            writer.get(); // a writer that saw anything but 201 or a dead connection fails the test here
        }
    }

    private void assertTheVmIsStillThere(long serviceId) throws Exception {
        HostFlowApi admin = new HostFlowApi(hostflow.baseUrl(), "demo", "demo");
        String service = "/api/v1/services/" + serviceId;
        assertThat(admin.post(service + "/suspend", Map.of("reason", "ADMIN")).status()).isEqualTo(202);
        awaitStatus(serviceId, "SUSPENDED");
        assertThat(admin.post(service + "/resume", Map.of("reason", "ADMIN")).status()).isEqualTo(202);
        awaitStatus(serviceId, "ACTIVE");
    }

    private void awaitStatus(long serviceId, String status) {
        HostFlowApi admin = new HostFlowApi(hostflow.baseUrl(), "demo", "demo");
        Awaitility.await("service " + serviceId + " " + status).atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> status.equals(admin.getJson("/api/v1/services/" + serviceId).get("status").asText()));
    }

    private void assertEveryAcknowledgedPaymentIsThere(long clientId, BigDecimal charged) throws Exception {
        HostFlowApi admin = new HostFlowApi(hostflow.baseUrl(), "demo", "demo");
        Map<String, BigDecimal> stored = new HashMap<>();
        for (int page = 0;; page++) {
            JsonNode payments = admin.getJson("/api/v1/payments?clientId=" + clientId + "&size=500&page=" + page);
            payments.forEach(p -> stored.put(p.get("externalId").asText(), new BigDecimal(p.get("amount").asText())));
            if (payments.size() < 500) {
                break;
            }
        }
        assertThat(stored).containsAllEntriesOf(acknowledged);
        Set<String> unknown = new java.util.HashSet<>(stored.keySet());
        unknown.removeAll(attempted.keySet());
        assertThat(unknown).as("payments nobody sent").containsExactly("demo-opening-payment");

        BigDecimal sum = stored.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum.subtract(OPENING_PAYMENT)).isGreaterThanOrEqualTo(
                acknowledged.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        JsonNode account = admin.getJson("/api/v1/clients/" + clientId + "/account");
        assertThat(new BigDecimal(account.get("balance").asText())).isEqualByComparingTo(sum.subtract(charged));
    }

    private long demoClientId() throws Exception {
        JsonNode clients = new HostFlowApi(hostflow.baseUrl(), "demo", "demo").getJson("/api/v1/clients");
        for (JsonNode client : clients) {
            if ("client@example.com".equals(client.get("email").asText())) {
                return client.get("id").asLong();
            }
        }
        throw new IllegalStateException("no demo client in " + clients);
    }
}
