package com.hostflow.catalog.web;

/**
 * Who may read and write the catalog, as {@code @PreAuthorize} expressions. A create's answer (201, or 200 for one
 * sent again under its Idempotency-Key) is {@link com.hostflow.common.web.CreateOnce}'s.
 */
final class CatalogAccess {

    /** Catalog writes. */
    static final String ADMIN = "hasRole('ADMIN')";
    /** Internal parts of the catalog (processing modules, module types, departments). */
    static final String STAFF = "hasAnyRole('ADMIN','STAFF')";
    /** What a client may see to order: tariffs, tariff groups, product types, data centers, providers. */
    static final String ANYONE = "hasAnyRole('ADMIN','STAFF','CLIENT')";

    private CatalogAccess() {
    }
}
