package com.hostflow.catalog.web;

import org.springframework.http.ResponseEntity;

import com.hostflow.common.web.Locations;

/** Who may read and write the catalog, as {@code @PreAuthorize} expressions, and the 201 answer of a create. */
final class CatalogAccess {

    /** Catalog writes. */
    static final String ADMIN = "hasRole('ADMIN')";
    /** Internal parts of the catalog (processing modules, module types, departments). */
    static final String STAFF = "hasAnyRole('ADMIN','STAFF')";
    /** What a client may see to order: tariffs, tariff groups, product types, data centers, providers. */
    static final String ANYONE = "hasAnyRole('ADMIN','STAFF','CLIENT')";

    private CatalogAccess() {
    }

    static <T> ResponseEntity<T> created(Object id, T body) {
        return ResponseEntity.created(Locations.below(id)).body(body);
    }
}
