package com.hostflow.lifecycle.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Supplier;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.hostflow.catalog.Period;
import com.hostflow.catalog.TariffService;
import com.hostflow.common.web.IfMatch;
import com.hostflow.lifecycle.order.ServiceOrders.OrderCommand;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;
import com.hostflow.support.SimulatedVps.Client;
import com.hostflow.support.WhileHolding;

/**
 * A tariff deleted at the moment an order of it is placed (third race probe against the demo: 15 of 15 tries) used
 * to succeed beside the order, whose service then waited in PROCESSING, paid, for a tariff that was gone ("unknown
 * tariff" in its module selection). Each test holds one side's transaction open until the other request waits on the
 * tariff's row lock (or has answered), then commits it: the two must run one after the other.
 */
@IntegrationTest
class TariffDeletionRaceTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    ServiceOrders orders;
    @Autowired
    TariffService tariffs;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @LocalServerPort
    int port;

    SimulatedVps vps;
    Client client;

    @BeforeEach
    void catalog() {
        vps = new SimulatedVps(http, runtime, management, port).catalog();
        client = vps.client("racer", 2);
    }

    @Test
    void aDeletionWhileAnOrderOfTheTariffIsBeingPlacedAnswers409() throws Exception {
        ResponseEntity<String> deletion = whileHolding(
                () -> orders.placeOrder(new OrderCommand(client.id(), vps.tariffId, Period.MONTH, Map.of(),
                        Map.of("os", "debian-12"))),
                () -> vps.admin().exchange("/api/v1/tariffs/" + vps.tariffId, HttpMethod.DELETE, null,
                        String.class));

        assertThat(deletion.getStatusCode().value()).as(deletion.getBody()).isEqualTo(409);
        assertThat(deletion.getBody()).contains("is sold to live services");
        assertThat(vps.admin().getForEntity("/api/v1/tariffs/" + vps.tariffId, String.class).getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void anOrderWhileItsTariffIsBeingDeletedAnswers400AndMakesNoService() throws Exception {
        ResponseEntity<String> order = whileHolding(() -> tariffs.delete(vps.tariffId, IfMatch.ANY),
                () -> vps.as(client.email()).postForEntity("/api/v1/orders", Map.of("clientId", client.id(),
                        "tariffId", vps.tariffId, "period", "MONTH", "params", Map.of("os", "debian-12")),
                        String.class));

        assertThat(order.getStatusCode().value()).as(order.getBody()).isEqualTo(400);
        assertThat(order.getBody()).contains("unknown tariff " + vps.tariffId);
        assertThat(jdbc.queryForObject("select count(*) from hostflow.service where tariff_id = ?", Long.class,
                vps.tariffId)).isZero();
    }

    private ResponseEntity<String> whileHolding(Runnable first, Supplier<ResponseEntity<String>> second)
            throws Exception {
        return new WhileHolding(transactions, jdbc).run(first, second);
    }
}
