package com.hostflow.catalog;

import java.util.List;
import java.util.Set;

/** The settings of a product type that the lifecycle and billing follow, as read through {@link CatalogLookup}. */
public record ProductTypeRules(
        String code,
        String name,
        TrialPolicy trialPolicy,
        boolean splitExpensesByMonth,
        boolean noSuspendOnWeekends,
        int autoDeletionDays,
        int suspensionGraceDays,
        ClientDeletion clientDeletion,
        OnClientDelete onClientDelete,
        Set<Period> orderPeriods,
        List<String> resources,
        List<ParameterRule> parameters) {

    /** A service parameter the client gives when ordering (e.g. {@code os}). */
    public record ParameterRule(String code, String name, boolean required) {
    }
}
