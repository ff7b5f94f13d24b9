package com.hostflow.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.common.time.ClockControl;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IsolatedIntegrationTest;
import com.hostflow.support.SimulatedVps;

/**
 * Request keys are kept for the retention (7 days here, the default): the clean-up removes older ones, and a request
 * under such a key is a new request; a younger key stays and its replay is answered as before. Keys are aged by
 * the database's clock, which their retention counts by (never slept on); the application's clock is moved (this
 * context's own) only to show that it does not count.
 */
@IsolatedIntegrationTest
class RequestKeyCleanupTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ClockControl clock;
    @Autowired
    RequestKeys keys;
    @Autowired
    RequestKeyCleanup cleanup;
    @Autowired
    PlatformTransactionManager transactions;
    @LocalServerPort
    int port;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aKeyPastTheRetentionIsRemovedAndItsReplayIsANewOrderWhileAYoungerKeyStays() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        SimulatedVps.Client client = vps.client("forgetful", 6);
        String old = UUID.randomUUID().toString();
        String replayedLate = UUID.randomUUID().toString();
        String young = UUID.randomUUID().toString();
        ResponseEntity<JsonNode> oldOrder = settled(vps, order(vps, client, old), 201);
        ResponseEntity<JsonNode> lateOrder = settled(vps, order(vps, client, replayedLate), 201);
        ResponseEntity<JsonNode> youngOrder = settled(vps, order(vps, client, young), 201);
        databaseClockPasses(client.id(), List.of(old, replayedLate), Duration.ofDays(7).plus(Duration.ofMinutes(5)));
        databaseClockPasses(client.id(), List.of(young), Duration.ofDays(6));

        // past the retention a replay is a new request even before the clean-up came by
        ResponseEntity<JsonNode> lateAgain = settled(vps, order(vps, client, replayedLate), 201);
        assertThat(lateAgain.getBody().get("orderId")).isNotEqualTo(lateOrder.getBody().get("orderId"));
        int removed = cleanup.removeExpired();

        assertThat(removed).as("the one old key left").isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForList("select idempotency_key from hostflow.request_key where client_id = ?",
                String.class, client.id())).as("six days old, and recorded again now: kept")
                .containsExactlyInAnyOrder(young, replayedLate);
        ResponseEntity<JsonNode> oldAgain = settled(vps, order(vps, client, old), 201);
        assertThat(oldAgain.getBody().get("orderId")).as("a new order").isNotEqualTo(
                oldOrder.getBody().get("orderId"));
        ResponseEntity<JsonNode> youngAgain = order(vps, client, young);
        assertThat(youngAgain.getStatusCode().value()).isEqualTo(200);
        assertThat(youngAgain.getBody().get("orderId")).isEqualTo(youngOrder.getBody().get("orderId"));
        assertThat(jdbc.queryForObject("select count(*) from hostflow.service where client_id = ?", Long.class,
                client.id())).isEqualTo(5);
    }

    /**
     * A key's week is a week of the database's clock, which the demo's clock moves leave alone: moved a month on, a
     * retry under a key used a minute before was a new request (a second order), and the clean-up removed the key.
     */
    @Test
    void aKeyUsedAMomentAgoIsKeptWhenTheApplicationsClockMovesAMonthOn() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        SimulatedVps.Client client = vps.client("time-traveller", 2);
        String key = UUID.randomUUID().toString();
        ResponseEntity<JsonNode> first = settled(vps, order(vps, client, key), 201);

        clock.moveTo(clock.now().plus(Duration.ofDays(31)));
        cleanup.removeExpired();
        ResponseEntity<JsonNode> retry = order(vps, client, key);

        assertThat(retry.getStatusCode().value()).as("%s", retry.getBody()).isEqualTo(200);
        assertThat(retry.getBody().get("orderId")).isEqualTo(first.getBody().get("orderId"));
        assertThat(jdbc.queryForObject("select count(*) from hostflow.service where client_id = ?", Long.class,
                client.id())).as("one order").isEqualTo(1);
    }

    @Test
    void twoCleanUpsAtOnceAsOnTwoNodesRemoveEveryOldKeyOnceAndLeaveTheYoung() throws Exception {
        long clientId = -System.nanoTime();
        Instant expired = keys.expiredBefore().minus(Duration.ofHours(1));
        for (int i = 0; i < 40; i++) {
            jdbc.update("insert into hostflow.request_key (client_id, idempotency_key, kind, fingerprint, result_id,"
                    + " created_at) values (?, ?, 'order', 'f', 1, ?)", clientId, "old-" + i,
                    Timestamp.from(expired.minusSeconds(i)));
        }
        jdbc.update("insert into hostflow.request_key (client_id, idempotency_key, kind, fingerprint, result_id,"
                + " created_at) values (?, 'young', 'order', 'f', 1, clock_timestamp())", clientId);
        RequestKeyCleanup node1 = new RequestKeyCleanup(keys, jdbc, transactions, 3);
        RequestKeyCleanup node2 = new RequestKeyCleanup(keys, jdbc, transactions, 3);

        AtomicInteger next = new AtomicInteger();
        List<Integer> removed = AtOnce.run(2, () -> (next.getAndIncrement() == 0 ? node1 : node2).removeExpired());

        assertThat(removed.stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(40);
        assertThat(jdbc.queryForList("select idempotency_key from hostflow.request_key where client_id = ?",
                String.class, clientId)).containsExactly("young");
        jdbc.update("delete from hostflow.request_key where client_id = ?", clientId);
    }

    /** Two callers' keys of one client and one text are two keys: the old one goes, the young one stays. */
    @Test
    void anExpiredKeyIsRemovedAloneNotAnotherCallersKeyOfTheSameText() {
        long clientId = -System.nanoTime();
        jdbc.update("insert into hostflow.request_key (client_id, caller, idempotency_key, kind, fingerprint,"
                + " result_id, created_at) values (?, 'client@example.com', 'shared', 'order', 'f', 1, ?)", clientId,
                Timestamp.from(keys.expiredBefore().minus(Duration.ofHours(1))));
        jdbc.update("insert into hostflow.request_key (client_id, caller, idempotency_key, kind, fingerprint,"
                + " result_id, created_at) values (?, 'demo', 'shared', 'suspend', 'f', 1, clock_timestamp())",
                clientId);

        cleanup.removeExpired();

        assertThat(jdbc.queryForList("select caller from hostflow.request_key where client_id = ?", String.class,
                clientId)).containsExactly("demo");
        jdbc.update("delete from hostflow.request_key where client_id = ?", clientId);
    }

    /** The database's clock passes for the client's keys: they were recorded {@code by} earlier. */
    private void databaseClockPasses(long clientId, List<String> idempotencyKeys, Duration by) {
        for (String key : idempotencyKeys) {
            jdbc.update("update hostflow.request_key set created_at = created_at - make_interval(secs => ?)"
                    + " where client_id = ? and idempotency_key = ?", (double) by.toSeconds(), clientId, key);
        }
    }

    /** The answer, once the order's service is set up: a clock move then finds no order half-way. */
    private static ResponseEntity<JsonNode> settled(SimulatedVps vps, ResponseEntity<JsonNode> answer, int status) {
        assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(status);
        long serviceId = answer.getBody().get("serviceId").asLong();
        vps.awaitService(serviceId, service -> "ACTIVE".equals(service.get("status").asText()));
        vps.awaitProcessesEnded(serviceId);
        return answer;
    }

    private static ResponseEntity<JsonNode> order(SimulatedVps vps, SimulatedVps.Client client, String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(RequestKeys.HEADER, key);
        return vps.as(client.email()).exchange("/api/v1/orders", HttpMethod.POST, new HttpEntity<>(Map.of(
                "clientId", client.id(), "tariffId", vps.tariffId, "period", "MONTH", "params",
                Map.of("os", "debian-12")), headers), JsonNode.class);
    }
}
