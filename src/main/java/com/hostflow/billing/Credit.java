package com.hostflow.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Money given back to an account (refund, proration credit, adjustment); {@code creditKey} makes it idempotent. */
@Entity
@Table(name = "credit")
public class Credit {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "credit_key")
    private String creditKey;

    @Column(name = "account_id")
    private long accountId;

    @Column(name = "client_id")
    private long clientId;

    @Column(name = "service_id")
    private Long serviceId;

    @Enumerated(EnumType.STRING)
    private CreditKind kind;

    private BigDecimal amount;

    @Column(name = "period_from")
    private LocalDate periodFrom;

    @Column(name = "period_to")
    private LocalDate periodTo;

    private String description;

    @Column(name = "created_at")
    private Instant createdAt;

    protected Credit() {
    }

    Credit(String creditKey, Account account, Long serviceId, CreditKind kind, BigDecimal amount,
            LocalDate periodFrom, LocalDate periodTo, String description, Instant createdAt) {
        this.creditKey = creditKey;
        this.accountId = account.getId();
        this.clientId = account.getClientId();
        this.serviceId = serviceId;
        this.kind = kind;
        this.amount = amount;
        this.periodFrom = periodFrom;
        this.periodTo = periodTo;
        this.description = description;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getCreditKey() {
        return creditKey;
    }

    public long getClientId() {
        return clientId;
    }

    public Long getServiceId() {
        return serviceId;
    }

    public CreditKind getKind() {
        return kind;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public LocalDate getPeriodFrom() {
        return periodFrom;
    }

    public LocalDate getPeriodTo() {
        return periodTo;
    }

    public String getDescription() {
        return description;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
