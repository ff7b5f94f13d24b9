package com.hostflow.catalog;

import java.util.Optional;

/** Read access to the catalog for the other features; each method answers a snapshot or empty for an unknown id. */
public interface CatalogLookup {

    Optional<TariffTerms> tariff(long tariffId);

    /**
     * Holds the tariff's row until the transaction ends, for a write that puts a service on the tariff's terms (an
     * order of a period, a parameter change to add-on values): a change of the tariff (which refuses to leave a live
     * service without a price for its next period) or its deletion under way is waited for, and one that comes later
     * waits for this transaction and then sees its service. {@link #tariff} answers the version after the wait, also
     * when this transaction read the tariff before. False when the tariff does not exist.
     */
    boolean holdTariff(long tariffId);

    Optional<ProductTypeRules> productType(String code);

    Optional<ProcessingModuleConfig> processingModule(long moduleId);

    /**
     * Holds the module's row until the transaction ends, for a department task about it: a change of the module's
     * department under way is waited for, and one that comes later waits for this transaction and then sees its
     * task. {@link #processingModule} answers the module after the wait, also when this transaction read it before.
     * False when the module does not exist.
     */
    boolean holdProcessingModule(long moduleId);

    /**
     * The tariff as this node read it at most {@code hostflow.catalog.snapshot-ttl} ago (an edit on this node is seen
     * at once): for module calls, texts and the activation of a paid order (its trial days), never for a price or a
     * new charge, which read {@link #tariff}.
     */
    Optional<TariffTerms> recentTariff(long tariffId);

    /**
     * The module as this node read it at most {@code hostflow.catalog.snapshot-ttl} ago, its password decrypted once
     * per read, not per call (an edit on this node is seen at once).
     */
    Optional<ProcessingModuleConfig> recentProcessingModule(long moduleId);

    /**
     * Holds the provider's row until the transaction ends, for the opening of an account in its currency: a change of
     * the currency under way (which refuses while the provider's clients hold accounts) is waited for, and one that
     * comes later waits for this transaction and then sees its account. {@link #providerCurrency} answers the
     * currency after the wait, also when this transaction read it before. False when the provider does not exist.
     */
    boolean holdProvider(long providerId);

    /** ISO 4217 code of the provider's currency. */
    Optional<String> providerCurrency(long providerId);

    /**
     * The provider as its mails show it: its name, currency and the From and signature of its mails (null when not
     * set), as this node read them at most {@code hostflow.catalog.snapshot-ttl} ago (an edit on this node is seen at
     * once).
     */
    Optional<ProviderMail> providerMail(long providerId);

    record ProviderMail(long id, String name, String currency, String mailFrom, String mailSignature) {
    }
}
