package com.hostflow.services;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Why a service is suspended; reasons combine, and the service runs again only when none is left. */
public enum SuspensionReason {
    /** unpaid: the billing puts it in force and a payment lifts it */
    BILLING,
    /** an admin's decision */
    ADMIN,
    /** a breach of the terms of service */
    ABUSE,
    /**
     * paid, but stopped: a BILLING suspension's module call stopped the service while its payment came, and the module
     * then refused to start it again (ServiceSuspensionProcess, Event_RestartFailed). Nothing is owed; an admin's
     * resume tries the start again. Never asked for by a person.
     */
    RESTART_FAILED;

    /** Reasons written as names separated by commas, as process variables carry them ("ADMIN,ABUSE"). */
    public static Set<SuspensionReason> parseNames(String names) {
        return Arrays.stream(names.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(SuspensionReason::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(SuspensionReason.class)));
    }
}
