package com.hostflow.billing.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import com.hostflow.billing.Credit;
import com.hostflow.billing.CreditKind;

/** Money given back; {@code from}/{@code to} ({@code to} exclusive) name the days it is for, when it is for days. */
public record CreditResponse(long id, Long serviceId, CreditKind kind, BigDecimal amount, LocalDate from,
        LocalDate to, String description, Instant createdAt) {

    static CreditResponse of(Credit credit) {
        return new CreditResponse(credit.getId(), credit.getServiceId(), credit.getKind(), credit.getAmount(),
                credit.getPeriodFrom(), credit.getPeriodTo(), credit.getDescription(), credit.getCreatedAt());
    }
}
