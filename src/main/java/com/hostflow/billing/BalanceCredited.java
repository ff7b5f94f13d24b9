package com.hostflow.billing;

import java.math.BigDecimal;

/**
 * Money went back onto a client's account: a refund, a prorated credit of a parameter change, a failed order's
 * price. Published by {@link BillingService#credit} inside the transaction that wrote the credit (never for a
 * repeated key). For the lifecycle it is money like a payment: a service suspended for BILLING or an unpaid order
 * may now be paid from the balance.
 */
public record BalanceCredited(long clientId, long providerId, long creditId, BigDecimal amount) {
}
