package com.hostflow.lifecycle.prolongation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.support.IntegrationTest;
import com.hostflow.support.SimulatedVps;
import com.hostflow.support.SimulatedVps.Client;

/**
 * A prolongation reads its facts (Task_ReadProlongationFacts) without the service's row lock, and the client's
 * deletion may commit before its charge in the same transaction. The charge takes the row's lock and reads the row as
 * committed: a deletion on record is charged nothing and reported as the deletion it is (the process then goes the
 * way it goes when the facts said so). It charged the period from the facts' old copy of the service, and the
 * deletion gave the unused days back.
 */
@IntegrationTest
class DeletionBeforeTheChargeTest {

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
    void aDeletionCommittedAfterTheFactsWereReadIsChargedNothing() {
        SimulatedVps vps = new SimulatedVps(http, runtime, management, port).catalog();
        Client client = vps.client("deleting", 2);
        long serviceId = vps.activeVps(client).get("id").asLong();
        vps.awaitProcessesEnded(serviceId);

        ServiceProlongations.Charged charged = new TransactionTemplate(transactions).execute(prolongation -> {
            assertThat(prolongations.facts(serviceId).deletionPending()).isFalse();
            // the client's deletion commits while the prolongation's transaction is open, between its facts and its
            // charge: nothing of the prolongation held the service's row
            ResponseEntity<String> deletion = CompletableFuture.supplyAsync(() -> vps.as(client.email()).exchange(
                    "/api/v1/services/" + serviceId, HttpMethod.DELETE, null, String.class)).join();
            assertThat(deletion.getStatusCode().value()).as(deletion.getBody()).isEqualTo(202);
            return prolongations.chargeNextPeriod(serviceId, null, false, null);
        });

        assertThat(charged.paid()).as("paid").isFalse();
        assertThat(charged.deletionPending()).as("reported as being deleted").isTrue();
        // a charge of its own read the service fresh, its deletion on record and the service not DELETED yet (a
        // payment's, heard before the deletion told the prolongation's wait), and charged too
        ServiceProlongations.Charged afterwards = new TransactionTemplate(transactions)
                .execute(payment -> prolongations.chargeNextPeriod(serviceId, null, false, null));
        assertThat(afterwards.paid()).as("paid afterwards").isFalse();
        assertThat(afterwards.deletionPending()).as("reported as being deleted afterwards").isTrue();
        assertThat(jdbc.queryForObject("select count(*) from hostflow.charge where service_id = ? and charge_key"
                + " like 'prolong-%'", Long.class, serviceId)).as("prolongation charges").isZero();
        assertThat(jdbc.queryForObject("select balance from hostflow.account where client_id = ?", BigDecimal.class,
                client.id())).as("balance = ledger").isEqualByComparingTo(sum("payment", client.id())
                        .subtract(sum("charge", client.id())).add(sum("credit", client.id())));
    }

    private BigDecimal sum(String table, long clientId) {
        return jdbc.queryForObject("select coalesce(sum(amount), 0) from hostflow." + table + " where client_id = ?",
                BigDecimal.class, clientId);
    }
}
