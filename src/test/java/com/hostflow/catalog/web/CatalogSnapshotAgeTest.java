package com.hostflow.catalog.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.TariffPlanRepository;
import com.hostflow.support.IntegrationTest;

/**
 * A snapshot is never older than the catalog version it is kept under, even when the transaction that read it held
 * older copies of the catalog's rows (Hibernate answers a find with the copy it holds).
 */
@IntegrationTest
class CatalogSnapshotAgeTest {

    @Autowired
    CatalogLookup catalog;
    @Autowired
    TariffPlanRepository tariffs;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    DataSource dataSource;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identityService;

    @Test
    void aTransactionHoldingOlderRowsThanTheVersionKeepsNoSnapshot() throws Exception {
        CatalogApi api = new CatalogApi(rest, identityService);
        long moduleId = api.create("/processing-modules", api.vmModuleForm(api.dataCenter(), "pw-1")).get("id").asLong();
        long tariffId = api.tariff(api.tariffForm(api.provider(), api.tariffGroup(), moduleId));

        transaction.executeWithoutResult(status -> {
            // the transaction holds the tariff and its prices as they are now...
            assertThat(tariffs.findById(tariffId).orElseThrow().getPrices().get(Period.MONTH))
                    .isEqualByComparingTo("10.00");
            // ...another node commits a new price, which moves the version...
            try (Connection elsewhere = dataSource.getConnection()) {
                elsewhere.setAutoCommit(true);
                elsewhere.createStatement().executeUpdate("update hostflow.tariff_price set amount = 12.50"
                        + " where tariff_id = " + tariffId + " and period = 'MONTH'");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            // ...and this transaction's lookup sees the new version but its own older copy
            catalog.tariff(tariffId);
        });

        assertThat(catalog.tariff(tariffId).orElseThrow().prices().get(Period.MONTH)).as("read at the new version")
                .isEqualByComparingTo("12.50");
    }
}
