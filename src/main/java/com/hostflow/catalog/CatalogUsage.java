package com.hostflow.catalog;

import java.util.List;

/**
 * What the other features sell from the catalog, so the catalog refuses (409) to delete or change what live services
 * use. Implemented where the services are; live means neither DELETED nor FAILED.
 */
public interface CatalogUsage {

    /** The first {@code limit} live services sold on the tariff. */
    List<Long> liveServicesOfTariff(long tariffId, int limit);

    /** The first {@code limit} live services that the processing module serves. */
    List<Long> liveServicesOfModule(long moduleId, int limit);

    /**
     * The live services of the tariff whose next period the changed terms could not price (their period lost its
     * price, an add-on value left the grid), each as "service N: why"; at most {@code limit}.
     */
    List<String> servicesUnpricedBy(TariffTerms changed, int limit);

    /** Whether the provider has clients, or accounts of clients (a payment at it for another provider's client). */
    boolean providerHasClients(long providerId);
}
