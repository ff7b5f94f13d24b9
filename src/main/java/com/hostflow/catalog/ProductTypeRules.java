package com.hostflow.catalog;

import java.util.List;
import java.util.Set;

/**
 * The settings of a product type that the lifecycle and billing follow, as read through {@link CatalogLookup}.
 * {@code expiryReminderDays}: how many days before the paid period ends the client is reminded, largest first.
 */
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
        List<ParameterRule> parameters,
        List<Integer> expiryReminderDays) {

    /**
     * A service parameter the client gives when ordering (e.g. {@code os}); {@code choices}, when not empty, are the
     * only values an order may name.
     */
    public record ParameterRule(String code, String name, boolean required, List<String> choices) {

        public boolean accepts(String value) {
            return choices.isEmpty() || choices.contains(value);
        }
    }
}
