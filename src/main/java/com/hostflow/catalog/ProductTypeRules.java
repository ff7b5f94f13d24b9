package com.hostflow.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
     * When a service suspended for non-payment since {@code suspendedSince} is deleted: {@code autoDeletionDays}
     * later; empty when auto-deletion is off (0 days) or the service is not suspended for non-payment (null).
     */
    public Optional<Instant> autoDeletionAt(Instant suspendedSince) {
        return suspendedSince == null || autoDeletionDays <= 0 ? Optional.empty()
                : Optional.of(suspendedSince.plus(Duration.ofDays(autoDeletionDays)));
    }

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
