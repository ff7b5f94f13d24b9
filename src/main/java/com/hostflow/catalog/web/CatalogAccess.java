package com.hostflow.catalog.web;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

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
        URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(id).toUri();
        return ResponseEntity.created(location).body(body);
    }
}
