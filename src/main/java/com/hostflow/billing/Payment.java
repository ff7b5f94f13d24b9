package com.hostflow.billing;

import java.math.BigDecimal;
import java.time.Instant;

import org.hibernate.annotations.Formula;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Money received for a client's account; {@code externalId} (the bank's or gateway's id) is unique. */
@Entity
@Table(name = "payment")
public class Payment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "account_id")
    private long accountId;

    @Column(name = "client_id")
    private long clientId;

    private BigDecimal amount;

    @Column(name = "external_id")
    private String externalId;

    @Column(name = "received_at")
    private Instant receivedAt;

    // the account's provider and currency, read with the payment: a list of a client's payments may hold several
    // currencies (a payment into its account at another provider), and an amount alone read as the balance's
    @Formula("(select a.provider_id from hostflow.account a where a.id = account_id)")
    private Long providerId;

    @Formula("(select a.currency from hostflow.account a where a.id = account_id)")
    private String currency;

    protected Payment() {
    }

    Payment(Account account, BigDecimal amount, String externalId, Instant receivedAt) {
        this.accountId = account.getId();
        this.clientId = account.getClientId();
        this.amount = amount;
        this.externalId = externalId;
        this.receivedAt = receivedAt;
    }

    public Long getId() {
        return id;
    }

    long getAccountId() {
        return accountId;
    }

    public long getClientId() {
        return clientId;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public String getExternalId() {
        return externalId;
    }

    public Instant getReceivedAt() {
        return receivedAt;
    }

    /** The provider of the account credited; null on a payment just saved (read it again to have it). */
    public Long getProviderId() {
        return providerId;
    }

    /** The currency of the account credited; null on a payment just saved (read it again to have it). */
    public String getCurrency() {
        return currency;
    }
}
