package com.hostflow.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the rest of HostFlow needs to know about a tariff plan to sell, price and provision it: an immutable snapshot
 * read through {@link CatalogLookup}, so billing and the lifecycle never touch catalog entities.
 *
 * @param processingModuleIds the modules that may serve the tariff, in no particular order (selection sorts them by
 *                            the modules' sort order)
 * @param prices              price per period; a period without a price cannot be ordered
 */
public record TariffTerms(
        long id,
        String productType,
        long providerId,
        Long groupId,
        String name,
        boolean active,
        List<Long> processingModuleIds,
        String template,
        String defaultDomainTemplate,
        Map<Period, BigDecimal> prices,
        int trialDays,
        List<AddonTerms> addons) {

    /** The paid periods a trial may go on with, in the order one is chosen: the first the tariff prices. */
    private static final List<Period> AFTER_TRIAL = List.of(Period.MONTH, Period.DAY, Period.QUARTER, Period.HALF_YEAR,
            Period.YEAR);

    /**
     * The period a trial of this tariff goes on with when it ends (the prolongation charges it): the first of MONTH,
     * DAY, QUARTER, HALF_YEAR, YEAR the tariff prices; empty when it prices none of them.
     */
    public Optional<Period> periodAfterTrial() {
        return AFTER_TRIAL.stream().filter(prices::containsKey).findFirst();
    }

    public Optional<AddonTerms> addon(String resource) {
        return addons.stream().filter(a -> a.resource().equals(resource)).findFirst();
    }

    /**
     * One resource of the tariff: {@code included} units come with the base price; every {@code step} above it costs
     * {@code prices[period]}; a client may choose values from {@code min} to {@code max} in steps of {@code step}.
     */
    public record AddonTerms(String resource, long included, long min, long max, long step,
            Map<Period, BigDecimal> prices) {
    }
}
