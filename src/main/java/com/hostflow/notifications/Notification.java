package com.hostflow.notifications;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrimaryKeyJoinColumn;
import jakarta.persistence.SecondaryTable;
import jakarta.persistence.Table;

/**
 * One message in the outbox, written in the transaction of the event it tells about. The sender's claims and marks
 * go through {@link OutboxClaims} (plain SQL with row locks); this entity serves the writes of the event side and
 * the reads of the API.
 *
 * <p>What a mail says is written once ({@code notification}); how its delivery goes (status, attempts, claim, lease,
 * subject as sent) lives in a narrow row beside it ({@code notification_delivery}), so the sender's claim and mark
 * each copy some 150 bytes instead of the whole message with its model.
 */
@Entity
@Table(name = "notification")
@SecondaryTable(name = Notification.DELIVERY, pkJoinColumns = @PrimaryKeyJoinColumn(name = "notification_id"))
public class Notification {

    static final String CHANNEL_EMAIL = "EMAIL";
    static final String DELIVERY = "notification_delivery";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "idempotency_key", nullable = false)
    private String idempotencyKey;

    @Column(nullable = false)
    private String event;

    @Column(nullable = false)
    private String channel;

    @Column(name = "client_id")
    private Long clientId;

    @Column(name = "service_id")
    private Long serviceId;

    @Column(name = "provider_id")
    private Long providerId;

    private String recipient;

    @Column(name = "recipient_name")
    private String recipientName;

    @Column(nullable = false)
    private String language;

    @Column(name = "model_json", nullable = false)
    private String modelJson;

    @Column(name = "message_id", nullable = false)
    private String messageId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    // the delivery's columns, in notification_delivery
    @Column(table = DELIVERY)
    private String subject;

    @Enumerated(EnumType.STRING)
    @Column(table = DELIVERY, nullable = false)
    private NotificationStatus status;

    @Column(table = DELIVERY)
    private int attempts;

    @Column(table = DELIVERY, name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;

    @Column(table = DELIVERY, name = "claimed_by")
    private String claimedBy;

    @Column(table = DELIVERY, name = "claim_token")
    private String claimToken;

    @Column(table = DELIVERY, name = "lease_until")
    private Instant leaseUntil;

    @Column(table = DELIVERY, name = "last_error")
    private String lastError;

    @Column(table = DELIVERY, name = "sent_at")
    private Instant sentAt;

    protected Notification() {
    }

    Notification(String idempotencyKey, String event, Long clientId, Long serviceId, Long providerId, String recipient,
            String recipientName, String language, String modelJson, String messageId, Instant now) {
        this.idempotencyKey = idempotencyKey;
        this.event = event;
        this.channel = CHANNEL_EMAIL;
        this.clientId = clientId;
        this.serviceId = serviceId;
        this.providerId = providerId;
        this.recipient = recipient;
        this.recipientName = recipientName;
        this.language = language;
        this.modelJson = modelJson;
        this.messageId = messageId;
        this.status = NotificationStatus.PENDING;
        this.nextAttemptAt = now;
        this.createdAt = now;
    }

    /** Nothing to send: kept so that the client's list says why it got no mail. */
    void skip(String reason) {
        this.status = NotificationStatus.SKIPPED;
        this.lastError = reason;
    }

    /** Staff asked for another round: the attempts start over. */
    void sendAgain(Instant now) {
        this.status = NotificationStatus.PENDING;
        this.attempts = 0;
        this.nextAttemptAt = now;
        this.claimToken = null;
        this.claimedBy = null;
        this.leaseUntil = null;
    }

    /** The client's address as it is now (staff may have fixed it); none: nothing to send. */
    void readdress(String email) {
        this.recipient = email;
        if (email == null) {
            skip(Notifications.NO_ADDRESS);
        }
    }

    void subject(String subject) {
        this.subject = subject;
    }

    void handledByHand() {
        this.status = NotificationStatus.HANDLED;
    }

    public Long getId() {
        return id;
    }

    public String getIdempotencyKey() {
        return idempotencyKey;
    }

    public String getEvent() {
        return event;
    }

    public String getChannel() {
        return channel;
    }

    public Long getClientId() {
        return clientId;
    }

    public Long getServiceId() {
        return serviceId;
    }

    public String getRecipient() {
        return recipient;
    }

    public String getLanguage() {
        return language;
    }

    public String getSubject() {
        return subject;
    }

    public NotificationStatus getStatus() {
        return status;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getNextAttemptAt() {
        return nextAttemptAt;
    }

    public String getMessageId() {
        return messageId;
    }

    public String getLastError() {
        return lastError;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getSentAt() {
        return sentAt;
    }
}
