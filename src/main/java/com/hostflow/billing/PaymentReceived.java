package com.hostflow.billing;

import java.math.BigDecimal;

/**
 * A new payment credited a client's account. Published by {@link PaymentService} inside the transaction that wrote
 * the payment (never for a repeated externalId); listen with {@code @TransactionalEventListener} (default phase
 * AFTER_COMMIT) to act only on committed money, e.g. to wake an unpaid order or a service suspended for BILLING.
 */
public record PaymentReceived(long clientId, long providerId, long paymentId, BigDecimal amount) {
}
