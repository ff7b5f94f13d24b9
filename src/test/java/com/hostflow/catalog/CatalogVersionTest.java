package com.hostflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.awaitility.Awaitility;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.collection.AbstractCollectionPersister;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.hostflow.support.IntegrationTest;

import jakarta.persistence.EntityManagerFactory;

/** The catalog's version moves with every write to a catalog table, whoever writes it, and with nothing else. */
@IntegrationTest
class CatalogVersionTest {

    @Autowired
    CatalogVersion version;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EntityManagerFactory entityManagerFactory;
    @Autowired
    DataSource dataSource;

    @Test
    void everyTableOfTheCatalogHasTheTriggersThatMoveTheVersion() {
        Set<String> catalogTables = new TreeSet<>();
        var metamodel = entityManagerFactory.unwrap(SessionFactoryImplementor.class).getMappingMetamodel();
        metamodel.forEachEntityDescriptor(entity -> {
            if (entity.getMappedClass().getPackage().equals(CatalogVersion.class.getPackage())) {
                catalogTables.add(unqualified(((AbstractEntityPersister) entity).getTableName()));
            }
        });
        metamodel.forEachCollectionDescriptor(collection -> {
            if (collection.getOwnerEntityPersister().getMappedClass().getPackage()
                    .equals(CatalogVersion.class.getPackage())) {
                catalogTables.add(unqualified(((AbstractCollectionPersister) collection).getTableName()));
            }
        });

        assertThat(catalogTables).contains("tariff_plan", "tariff_price", "tariff_addon_price",
                "tariff_processing_module", "processing_module", "product_type_parameter");
        for (String trigger : new String[] {"catalog_changed", "catalog_truncated"}) {
            // tgtype: bit 0 per statement when clear, bit 1 before the statement
            assertThat(jdbc.queryForList("select c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid"
                    + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'hostflow' and t.tgname = ?"
                    + " and t.tgtype & 1 = 0 and t.tgtype & 2 = 2", String.class, trigger)).as(trigger)
                    .containsExactlyInAnyOrderElementsOf(catalogTables);
        }
    }

    @Test
    void aWriteToACatalogTableMovesTheVersionAndOtherWritesDoNot() {
        long before = version.current();
        jdbc.update("update hostflow.client set name = name where id = -1");
        jdbc.update("update hostflow.service set domain = domain where id = -1");
        assertThat(version.current()).isEqualTo(before);

        // a statement that touches no row still says the catalog may have changed: the trigger is per statement
        jdbc.update("update hostflow.tariff_price set amount = amount where tariff_id = -1");
        long afterTariffs = version.current();
        assertThat(afterTariffs).isNotEqualTo(before);

        jdbc.update("delete from hostflow.product_type_parameter where product_type_id = -1");
        assertThat(version.current()).isNotEqualTo(afterTariffs).isNotEqualTo(before);
    }

    @Test
    void twoEditsOfTheCatalogInOppositeOrdersQueueUpInsteadOfDeadlocking() throws Exception {
        long dataCenter = jdbc.queryForObject("insert into hostflow.data_center (name) values ('dc-order-test')"
                + " returning id", Long.class);
        long department = jdbc.queryForObject("insert into hostflow.department (department_key, name) values"
                + " ('dept-order-' || gen_random_uuid(), 'order test') returning id", Long.class);
        try {
            editInOppositeOrders(dataCenter, department);
            assertThat(jdbc.queryForObject("select name from hostflow.department where id = ?", String.class,
                    department)).isEqualTo("second");
            assertThat(jdbc.queryForObject("select name from hostflow.data_center where id = ?", String.class,
                    dataCenter)).isEqualTo("second");
        } finally {
            jdbc.update("delete from hostflow.department where id = ?", department);
            jdbc.update("delete from hostflow.data_center where id = ?", dataCenter);
        }
    }

    private void editInOppositeOrders(long dataCenter, long department) throws Exception {
        try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            update(first, "update hostflow.data_center set name = 'first' where id = " + dataCenter);
            int secondPid = pid(second);
            // the second edit begins with the department: it waits for the first one's version row, holding nothing
            CompletableFuture<Void> secondEdit = CompletableFuture.runAsync(() -> {
                update(second, "update hostflow.department set name = 'second' where id = " + department);
                update(second, "update hostflow.data_center set name = 'second' where id = " + dataCenter);
                commit(second);
            });
            Awaitility.await("the second edit waits for a lock").atMost(Duration.ofSeconds(10))
                    .until(() -> "Lock".equals(jdbc.queryForObject("select coalesce(wait_event_type, '')"
                            + " from pg_stat_activity where pid = ?", String.class, secondPid)));
            // with the version row taken after the rows, the second edit would hold the department now: deadlock
            update(first, "update hostflow.department set name = 'first' where id = " + department);
            commit(first);
            secondEdit.get(10, TimeUnit.SECONDS);
        }
    }

    private static void update(Connection connection, String sql) {
        try (var statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void commit(Connection connection) {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int pid(Connection connection) throws SQLException {
        try (var statement = connection.createStatement();
                var result = statement.executeQuery("select pg_backend_pid()")) {
            result.next();
            return result.getInt(1);
        }
    }

    private static String unqualified(String table) {
        return table.substring(table.lastIndexOf('.') + 1);
    }
}
