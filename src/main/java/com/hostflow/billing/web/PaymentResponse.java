package com.hostflow.billing.web;

import java.math.BigDecimal;
import java.time.Instant;

import com.hostflow.billing.Payment;

/** A payment; {@code providerId} and {@code currency} are those of the account it credited. */
public record PaymentResponse(long id, long clientId, BigDecimal amount, String currency, Long providerId,
        String externalId, Instant receivedAt) {

    static PaymentResponse of(Payment payment) {
        return new PaymentResponse(payment.getId(), payment.getClientId(), payment.getAmount(),
                payment.getCurrency(), payment.getProviderId(), payment.getExternalId(), payment.getReceivedAt());
    }
}
