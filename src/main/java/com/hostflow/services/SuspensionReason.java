package com.hostflow.services;

/** Why a service is suspended; reasons combine, and the service runs again only when none is left. */
public enum SuspensionReason {
    BILLING, ADMIN, ABUSE
}
