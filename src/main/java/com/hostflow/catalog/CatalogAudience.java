package com.hostflow.catalog;

import java.util.function.LongPredicate;

/**
 * Whose catalog the caller sees. ADMIN and STAFF see every provider's; a CLIENT buys from one provider and sees only
 * that provider's tariffs (another provider's are answered as unknown). Implemented where clients are known, so the
 * catalog does not depend on them.
 */
public interface CatalogAudience {

    /** The providers whose tariffs the caller may see, as a test on the provider's id. */
    LongPredicate visibleProviders();
}
