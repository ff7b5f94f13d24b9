package com.hostflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A line of the client's expenses: a whole charge, or its part for one calendar month. */
@Entity
@Table(name = "expense")
public class Expense {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "charge_id")
    private long chargeId;

    @Column(name = "client_id")
    private long clientId;

    @Column(name = "service_id")
    private Long serviceId;

    private BigDecimal amount;

    @Column(name = "date_from")
    private LocalDate dateFrom;

    @Column(name = "date_to")
    private LocalDate dateTo;

    private String description;

    protected Expense() {
    }

    Expense(Charge charge, BigDecimal amount, LocalDate dateFrom, LocalDate dateTo) {
        this.chargeId = charge.getId();
        this.clientId = charge.getClientId();
        this.serviceId = charge.getServiceId();
        this.amount = amount;
        this.dateFrom = dateFrom;
        this.dateTo = dateTo;
        this.description = charge.getDescription();
    }

    public Long getId() {
        return id;
    }

    public Long getServiceId() {
        return serviceId;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public LocalDate getDateFrom() {
        return dateFrom;
    }

    public LocalDate getDateTo() {
        return dateTo;
    }

    public String getDescription() {
        return description;
    }
}
