package com.hostflow.lifecycle.deletion;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The code sent to a client to confirm deleting one service: kept as a salted hash, with an expiry and a try count. */
@Entity
@Table(name = "deletion_code")
class DeletionCode {

    @Id
    @Column(name = "service_id")
    private Long serviceId;

    @Column(name = "code_hash")
    private String codeHash;

    private String salt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    private int attempts;

    protected DeletionCode() {
    }

    DeletionCode(long serviceId, String codeHash, String salt, Instant expiresAt) {
        this.serviceId = serviceId;
        this.codeHash = codeHash;
        this.salt = salt;
        this.expiresAt = expiresAt;
    }

    String codeHash() {
        return codeHash;
    }

    String salt() {
        return salt;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    int attempts() {
        return attempts;
    }

    void countAttempt() {
        attempts++;
    }
}
