package com.hostflow.clients;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A customer of a provider. {@code login} is the id of the client's user in the engine's identity store (the email
 * at the time the login was created), or {@code null} when the client cannot log in. A client without a login may
 * have no e-mail address; it then gets no mails.
 */
@Entity
@Table(name = "client")
public class Client {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** Raised by every change; the API's ETag (If-Match) is made of it. */
    @Version
    private long version;

    private String email;

    private String name;

    private String phone;

    @Column(name = "provider_id")
    private long providerId;

    private String login;

    /** The language of the client's mails: {@code en} or {@code ru}. */
    @Column(nullable = false)
    private String language = "en";

    @Column(name = "created_at")
    private Instant createdAt;

    protected Client() {
    }

    Client(String email, String name, String phone, long providerId, Instant createdAt) {
        this.email = email;
        this.name = name;
        this.phone = phone;
        this.providerId = providerId;
        this.createdAt = createdAt;
    }

    void rename(String email, String name, String phone) {
        this.email = email;
        this.name = name;
        this.phone = phone;
    }

    void speak(String language) {
        this.language = language;
    }

    void linkLogin(String login) {
        this.login = login;
    }

    public Long getId() {
        return id;
    }

    public long getVersion() {
        return version;
    }

    public String getEmail() {
        return email;
    }

    public String getName() {
        return name;
    }

    public String getPhone() {
        return phone;
    }

    public long getProviderId() {
        return providerId;
    }

    public String getLogin() {
        return login;
    }

    public String getLanguage() {
        return language;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
