package com.hostflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;

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
            assertThat(jdbc.queryForList("select c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid"
                    + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'hostflow' and t.tgname = ?",
                    String.class, trigger)).as(trigger).containsExactlyInAnyOrderElementsOf(catalogTables);
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

    private static String unqualified(String table) {
        return table.substring(table.lastIndexOf('.') + 1);
    }
}
