package com.hostflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A charge of a service for a period {@code [from, to)}.
 *
 * @param key         the caller's idempotency key, unique over all charges, e.g. {@code "order-17"} or
 *                    {@code "prolong-17-2027-01-15"}: a charge repeated with the same key charges nothing
 * @param tariffId    the service's tariff: its provider picks the account, its product type decides whether the
 *                    expense is split by month
 * @param serviceId   the service charged, or null for a charge without a service
 * @param amount      0 or more, at most 2 decimals
 * @param to          exclusive end of the paid period; null for a one-time charge
 * @param description what the client reads in the expenses, e.g. "VPS-2, 1 month"
 * @param billingRun  the billing run (its process instance id) whose prolongation makes the charge, or null: the run
 *                    mails each client its renewals from these charges
 */
public record ChargeRequest(String key, long clientId, long tariffId, Long serviceId, BigDecimal amount,
        LocalDate from, LocalDate to, String description, String billingRun) {

    /** A charge that is no billing run's. */
    public ChargeRequest(String key, long clientId, long tariffId, Long serviceId, BigDecimal amount, LocalDate from,
            LocalDate to, String description) {
        this(key, clientId, tariffId, serviceId, amount, from, to, description, null);
    }
}
