package com.hostflow.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** The company that sells; its tariffs are priced and its clients' accounts kept in its currency. */
@Entity
@Table(name = "provider")
public class Provider {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** Raised by every change; the API's ETag (If-Match) is made of it. */
    @Version
    private long version;

    @Column(nullable = false)
    private String name;

    /** ISO 4217 code, e.g. EUR. */
    @Column(nullable = false, length = 3)
    private String currency;

    /** The From of the provider's mails to clients, e.g. {@code Demo Hosting <billing@demo.example>}; null: default. */
    @Column(name = "mail_from")
    private String mailFrom;

    /** Text under every mail to the provider's clients. */
    @Column(name = "mail_signature")
    private String mailSignature;

    protected Provider() {
    }

    public Provider(String name, String currency) {
        this.name = name;
        this.currency = currency;
    }

    public Long getId() {
        return id;
    }

    public long getVersion() {
        return version;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getCurrency() {
        return currency;
    }

    public void setCurrency(String currency) {
        this.currency = currency;
    }

    public String getMailFrom() {
        return mailFrom;
    }

    public String getMailSignature() {
        return mailSignature;
    }

    public void setMail(String mailFrom, String mailSignature) {
        this.mailFrom = mailFrom;
        this.mailSignature = mailSignature;
    }
}
