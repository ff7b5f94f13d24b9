package com.hostflow.billing.web;

import java.math.BigDecimal;
import java.time.Instant;

import com.hostflow.billing.Payment;

public record PaymentResponse(long id, long clientId, BigDecimal amount, String externalId, Instant receivedAt) {

    static PaymentResponse of(Payment payment) {
        return new PaymentResponse(payment.getId(), payment.getClientId(), payment.getAmount(),
                payment.getExternalId(), payment.getReceivedAt());
    }
}
