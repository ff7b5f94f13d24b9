package com.hostflow.services;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Why a service is suspended; reasons combine, and the service runs again only when none is left. */
public enum SuspensionReason {
    BILLING, ADMIN, ABUSE;

    /** Reasons written as names separated by commas, as process variables carry them ("ADMIN,ABUSE"). */
    public static Set<SuspensionReason> parseNames(String names) {
        return Arrays.stream(names.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(SuspensionReason::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(SuspensionReason.class)));
    }
}
