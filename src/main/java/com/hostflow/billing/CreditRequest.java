package com.hostflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Money back to a client's account at a provider.
 *
 * @param key       the caller's idempotency key, unique over all credits
 * @param serviceId the service the credit is for, or null
 * @param amount    more than 0, at most 2 decimals
 * @param from      first day the credit is for, or null
 * @param to        exclusive end of the days the credit is for, or null
 */
public record CreditRequest(String key, long clientId, long providerId, Long serviceId, CreditKind kind,
        BigDecimal amount, LocalDate from, LocalDate to, String description) {
}
