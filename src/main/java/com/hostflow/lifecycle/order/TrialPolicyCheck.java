package com.hostflow.lifecycle.order;

import java.util.Objects;

import org.springframework.stereotype.Component;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ProductTypeRules;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.catalog.TrialPolicy;
import com.hostflow.common.web.BusinessRuleException;

/** Whether a client may order one more trial, by the product type's trial policy (422 when not). */
@Component
class TrialPolicyCheck {

    static final String TRIAL_USED = "TRIAL_USED";
    static final String TRIAL_NOT_OFFERED = "TRIAL_NOT_OFFERED";

    private final TrialServiceRepository trials;
    private final CatalogLookup catalog;

    TrialPolicyCheck(TrialServiceRepository trials, CatalogLookup catalog) {
        this.trials = trials;
        this.catalog = catalog;
    }

    /** Call in the transaction that creates the trial service: it holds the client's lock until that commits. */
    void check(long clientId, TariffTerms tariff, ProductTypeRules rules) {
        if (rules.trialPolicy() == TrialPolicy.NONE) {
            throw new BusinessRuleException(TRIAL_NOT_OFFERED, "the product type " + rules.code() + " has no trial");
        }
        if (rules.trialPolicy() != TrialPolicy.EVERY_SERVICE) {
            trials.lockClient(clientId);
        }
        if (used(clientId, tariff, rules)) {
            throw new BusinessRuleException(TRIAL_USED, "the client used its trial (" + rules.trialPolicy() + ")");
        }
    }

    /** Whether an order of a trial would pass {@link #check} now (the shop offers a trial only then). */
    boolean available(long clientId, TariffTerms tariff, ProductTypeRules rules) {
        return rules.trialPolicy() != TrialPolicy.NONE && !used(clientId, tariff, rules);
    }

    private boolean used(long clientId, TariffTerms tariff, ProductTypeRules rules) {
        return switch (rules.trialPolicy()) {
            case NONE, EVERY_SERVICE -> false;
            case ONE_PER_PRODUCT_TYPE -> trials.countTrials(clientId, rules.code()) > 0;
            case ONE_PER_TARIFF -> trials.countTrialsOfTariff(clientId, tariff.id()) > 0;
            case ONE_PER_TARIFF_GROUP -> trials.trialTariffs(clientId, rules.code()).stream()
                    .map(catalog::tariff)
                    .anyMatch(t -> t.isPresent() && Objects.equals(t.get().groupId(), tariff.groupId()));
        };
    }
}
