package com.hostflow.credentials;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * The credentials of one service. Every password is kept as AES-GCM ciphertext only; this entity never sees a
 * plaintext (see {@link ServiceCredentials}). What an operation in flight chose waits in {@code pending*} until the
 * module confirms that operation.
 */
@Entity
@Table(name = "service_credentials")
class ServiceCredential {

    @Id
    @Column(name = "service_id")
    private Long serviceId;

    @Column(name = "client_id", nullable = false)
    private long clientId;

    private String login;

    @Column(name = "password_encrypted")
    private String passwordEncrypted;

    @Column(name = "root_password_encrypted")
    private String rootPasswordEncrypted;

    @Column(name = "panel_url")
    private String panelUrl;

    @Column(name = "pending_operation_key")
    private String pendingOperationKey;

    @Column(name = "pending_encrypted")
    private String pendingEncrypted;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected ServiceCredential() {
    }

    ServiceCredential(long serviceId, long clientId, Instant now) {
        this.serviceId = serviceId;
        this.clientId = clientId;
        this.updatedAt = now;
    }

    void holdPending(String operationKey, String encrypted, Instant now) {
        this.pendingOperationKey = operationKey;
        this.pendingEncrypted = encrypted;
        this.updatedAt = now;
    }

    void clearPending(Instant now) {
        this.pendingOperationKey = null;
        this.pendingEncrypted = null;
        this.updatedAt = now;
    }

    boolean isPendingFor(String operationKey) {
        return pendingEncrypted != null && operationKey != null && operationKey.equals(pendingOperationKey);
    }

    void login(String login, Instant now) {
        this.login = login;
        this.updatedAt = now;
    }

    void passwordEncrypted(String passwordEncrypted, Instant now) {
        this.passwordEncrypted = passwordEncrypted;
        this.updatedAt = now;
    }

    void rootPasswordEncrypted(String rootPasswordEncrypted, Instant now) {
        this.rootPasswordEncrypted = rootPasswordEncrypted;
        this.updatedAt = now;
    }

    void panelUrl(String panelUrl, Instant now) {
        this.panelUrl = panelUrl;
        this.updatedAt = now;
    }

    /** Key rotation: the same secrets, encrypted again (the caller re-encrypts, this only stores). */
    void replaceCiphertexts(String password, String rootPassword, String pending) {
        this.passwordEncrypted = password;
        this.rootPasswordEncrypted = rootPassword;
        this.pendingEncrypted = pending;
    }

    Long getServiceId() {
        return serviceId;
    }

    long getClientId() {
        return clientId;
    }

    String getLogin() {
        return login;
    }

    String getPasswordEncrypted() {
        return passwordEncrypted;
    }

    String getRootPasswordEncrypted() {
        return rootPasswordEncrypted;
    }

    String getPanelUrl() {
        return panelUrl;
    }

    String getPendingEncrypted() {
        return pendingEncrypted;
    }
}
