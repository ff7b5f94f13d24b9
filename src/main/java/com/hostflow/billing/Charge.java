package com.hostflow.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One debit of an account for a service and the period {@code [periodFrom, periodTo)} ({@code periodTo} is null for
 * a one-time charge). {@code chargeKey} is the caller's idempotency key.
 */
@Entity
@Table(name = "charge")
public class Charge {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "charge_key")
    private String chargeKey;

    @Column(name = "account_id")
    private long accountId;

    @Column(name = "client_id")
    private long clientId;

    @Column(name = "service_id")
    private Long serviceId;

    private BigDecimal amount;

    @Column(name = "period_from")
    private LocalDate periodFrom;

    @Column(name = "period_to")
    private LocalDate periodTo;

    private String description;

    @Column(name = "charged_at")
    private Instant chargedAt;

    /** the billing run whose prolongation made it, or null */
    @Column(name = "billing_run")
    private String billingRun;

    protected Charge() {
    }

    Charge(String chargeKey, Account account, Long serviceId, BigDecimal amount, LocalDate periodFrom,
            LocalDate periodTo, String description, Instant chargedAt, String billingRun) {
        this.chargeKey = chargeKey;
        this.accountId = account.getId();
        this.clientId = account.getClientId();
        this.serviceId = serviceId;
        this.amount = amount;
        this.periodFrom = periodFrom;
        this.periodTo = periodTo;
        this.description = description;
        this.chargedAt = chargedAt;
        this.billingRun = billingRun;
    }

    /** The paid period starts later than charged (the service was set up later): the same days, moved. */
    void movePeriod(LocalDate from, LocalDate to) {
        this.periodFrom = from;
        this.periodTo = to;
    }

    public Long getId() {
        return id;
    }

    public String getChargeKey() {
        return chargeKey;
    }

    public long getAccountId() {
        return accountId;
    }

    public long getClientId() {
        return clientId;
    }

    public Long getServiceId() {
        return serviceId;
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
}
