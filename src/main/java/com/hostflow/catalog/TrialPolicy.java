package com.hostflow.catalog;

/** How many trial services of a product type a client may order. */
public enum TrialPolicy {
    /** no trial at all */
    NONE,
    /** one trial service of this product type */
    ONE_PER_PRODUCT_TYPE,
    /** one trial service in every tariff group */
    ONE_PER_TARIFF_GROUP,
    /** one trial service of every tariff plan */
    ONE_PER_TARIFF,
    /** every new service may start with a trial */
    EVERY_SERVICE
}
