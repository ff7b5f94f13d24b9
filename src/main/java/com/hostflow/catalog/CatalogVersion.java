package com.hostflow.catalog;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The catalog's version as this transaction sees it: the id of the transaction that last changed a catalog table,
 * on any node (the triggers of migration V90 update one row). Two reads that see the same version see the same
 * catalog, so a snapshot tagged with it can be served instead of reading the tables again.
 */
@Component
class CatalogVersion {

    private final JdbcTemplate jdbc;

    CatalogVersion(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    long current() {
        return jdbc.queryForObject("select xmin::text::bigint from hostflow.catalog_version where id = 1", Long.class);
    }
}
