package com.hostflow.catalog.web;

import static com.hostflow.catalog.web.CatalogApi.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.billing.BillingService;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.Period;
import com.hostflow.support.IntegrationTest;

/**
 * The node's catalog snapshots (module calls' {@code recentTariff}/{@code recentProcessingModule}) against edits: an
 * edit through this node is seen at once; an edit committed by another node (here: straight into the tables, past
 * this node's Hibernate) is seen by prices at once and by the snapshots within {@code hostflow.catalog.snapshot-ttl}.
 */
@IntegrationTest
class CatalogSnapshotEditTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identityService;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CatalogLookup catalog;
    @Autowired
    BillingService billing;
    @Autowired
    TransactionTemplate transaction;

    CatalogApi api;

    @BeforeEach
    void setUp() {
        api = new CatalogApi(rest, identityService);
    }

    @Test
    void anEditOnThisNodeIsSeenAtOnce() {
        Map<String, Object> moduleForm = api.vmModuleForm(api.dataCenter(), "pw-1");
        long moduleId = api.create("/processing-modules", moduleForm).get("id").asLong();
        Map<String, Object> tariffForm = api.tariffForm(api.provider(), api.tariffGroup(), moduleId);
        long tariffId = api.tariff(tariffForm);
        assertThat(catalog.recentProcessingModule(moduleId).orElseThrow().password()).isEqualTo("pw-1");
        assertThat(catalog.recentTariff(tariffId).orElseThrow().prices().get(Period.MONTH)).isEqualByComparingTo("10.00");

        Map<String, Object> changedModule = with(with(moduleForm, "name", moduleForm.get("name") + "-2"),
                "integration", Map.of("url", "http://localhost:2/simulator/vmmanager6", "username", "admin@example.com",
                        "password", "pw-2"));
        assertThat(api.admin(HttpMethod.PUT, "/processing-modules/" + moduleId, changedModule).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        Map<String, Object> changedTariff = with(with(tariffForm, "name", tariffForm.get("name") + "-2"), "prices",
                Map.of("DAY", "0.40", "MONTH", "11.00", "YEAR", "100.00"));
        assertThat(api.admin(HttpMethod.PUT, "/tariffs/" + tariffId, changedTariff).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        var module = catalog.recentProcessingModule(moduleId).orElseThrow();
        assertThat(module.password()).isEqualTo("pw-2");
        assertThat(module.url()).isEqualTo("http://localhost:2/simulator/vmmanager6");
        assertThat(module.name()).isEqualTo(moduleForm.get("name") + "-2");
        var tariff = catalog.recentTariff(tariffId).orElseThrow();
        assertThat(tariff.name()).isEqualTo(tariffForm.get("name") + "-2");
        assertThat(tariff.prices().get(Period.MONTH)).isEqualByComparingTo("11.00");
    }

    @Test
    void anEditOnAnotherNodeReachesPricesAtOnceAndSnapshotsWithinTheirTtl() {
        long moduleId = api.create("/processing-modules", api.vmModuleForm(api.dataCenter(), "pw-1")).get("id").asLong();
        long tariffId = api.tariff(api.tariffForm(api.provider(), api.tariffGroup(), moduleId));
        assertThat(catalog.recentTariff(tariffId).orElseThrow().prices().get(Period.MONTH)).isEqualByComparingTo("10.00");
        assertThat(catalog.recentProcessingModule(moduleId).orElseThrow().name()).doesNotEndWith("-elsewhere");

        // another node commits a new price and a new module name: this node's Hibernate never hears of it
        jdbc.update("update hostflow.tariff_price set amount = 12.50 where tariff_id = ? and period = 'MONTH'",
                tariffId);
        jdbc.update("update hostflow.processing_module set name = name || '-elsewhere' where id = ?", moduleId);

        // what prices and charges read is never a snapshot
        assertThat(catalog.tariff(tariffId).orElseThrow().prices().get(Period.MONTH)).isEqualByComparingTo("12.50");
        assertThat(billing.price(tariffId, Period.MONTH, Map.of("ram", 2048L))).isEqualTo(new BigDecimal("12.50"));
        // the snapshots follow within their TTL (PT5S by default)
        Awaitility.await("snapshots see the other node's edit").atMost(Duration.ofSeconds(8))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    assertThat(catalog.recentTariff(tariffId).orElseThrow().prices().get(Period.MONTH))
                            .isEqualByComparingTo("12.50");
                    assertThat(catalog.recentProcessingModule(moduleId).orElseThrow().name()).endsWith("-elsewhere");
                });
    }

    @Test
    void pricesComeFromTheSnapshotOfTheCatalogVersionTheySee() {
        long moduleId = api.create("/processing-modules", api.vmModuleForm(api.dataCenter(), "pw-1")).get("id").asLong();
        long tariffId = api.tariff(api.tariffForm(api.provider(), api.tariffGroup(), moduleId));
        assertThat(catalog.tariff(tariffId).orElseThrow().prices().get(Period.MONTH)).isEqualByComparingTo("10.00");

        // a price written past the triggers (replication role): the catalog's version stays, so the node's snapshot
        // is what a price is read from, not the tables
        transaction.executeWithoutResult(status -> {
            jdbc.execute("set local session_replication_role = replica");
            jdbc.update("update hostflow.tariff_price set amount = 12.50 where tariff_id = ? and period = 'MONTH'",
                    tariffId);
        });
        assertThat(catalog.tariff(tariffId).orElseThrow().prices().get(Period.MONTH)).isEqualByComparingTo("10.00");

        // any write that moves the version (here one that changes nothing) makes every node read the tables again
        jdbc.update("update hostflow.tariff_price set amount = amount where tariff_id = ?", tariffId);
        assertThat(catalog.tariff(tariffId).orElseThrow().prices().get(Period.MONTH)).isEqualByComparingTo("12.50");
        assertThat(billing.price(tariffId, Period.MONTH, Map.of("ram", 2048L))).isEqualTo(new BigDecimal("12.50"));
    }

    @Test
    void aPriceReadInsideAnEditThatRolledBackIsNeverServedAfterwards() {
        long moduleId = api.create("/processing-modules", api.vmModuleForm(api.dataCenter(), "pw-1")).get("id").asLong();
        long tariffId = api.tariff(api.tariffForm(api.provider(), api.tariffGroup(), moduleId));

        transaction.executeWithoutResult(status -> {
            jdbc.update("update hostflow.tariff_price set amount = 99.00 where tariff_id = ? and period = 'MONTH'",
                    tariffId);
            assertThat(catalog.tariff(tariffId).orElseThrow().prices().get(Period.MONTH))
                    .isEqualByComparingTo("99.00");
            status.setRollbackOnly();
        });
        // the next edit that commits must not meet the rolled-back one's snapshot (a counter would give both the
        // same version)
        jdbc.update("update hostflow.tariff_price set amount = 13.00 where tariff_id = ? and period = 'MONTH'",
                tariffId);

        assertThat(catalog.tariff(tariffId).orElseThrow().prices().get(Period.MONTH)).isEqualByComparingTo("13.00");
    }
}
