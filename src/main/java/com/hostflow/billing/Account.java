package com.hostflow.billing;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A client's money at one provider, in the provider's currency. The balance changes only through
 * {@link AccountLedger}, which holds a row lock on the account while it writes the movement and the new balance.
 */
@Entity
@Table(name = "account")
public class Account {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "client_id")
    private long clientId;

    @Column(name = "provider_id")
    private long providerId;

    private String currency;

    private BigDecimal balance;

    @Column(name = "created_at")
    private Instant createdAt;

    protected Account() {
    }

    Account(long clientId, long providerId, String currency, Instant createdAt) {
        this.clientId = clientId;
        this.providerId = providerId;
        this.currency = currency;
        this.balance = Money.ZERO;
        this.createdAt = createdAt;
    }

    void add(BigDecimal amount) {
        balance = Money.round(balance.add(amount));
    }

    void subtract(BigDecimal amount) {
        if (balance.compareTo(amount) < 0) {
            throw new IllegalStateException("account " + id + " cannot go below zero");
        }
        balance = Money.round(balance.subtract(amount));
    }

    public Long getId() {
        return id;
    }

    public long getClientId() {
        return clientId;
    }

    public long getProviderId() {
        return providerId;
    }

    public String getCurrency() {
        return currency;
    }

    public BigDecimal getBalance() {
        return balance;
    }
}
