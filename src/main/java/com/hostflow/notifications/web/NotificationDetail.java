package com.hostflow.notifications.web;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.hostflow.notifications.Notification;
import com.hostflow.notifications.NotificationStatus;

/** A notification as an admin sees it: everything about its delivery (never a password: mails carry none). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationDetail(long id, String event, String channel, Long clientId, Long serviceId, String to,
        String language, String subject, NotificationStatus status, int attempts, Instant nextAttemptAt,
        String lastError, String idempotencyKey, String messageId, Instant createdAt, Instant sentAt) {

    public static NotificationDetail of(Notification n) {
        return new NotificationDetail(n.getId(), n.getEvent(), n.getChannel(), n.getClientId(), n.getServiceId(),
                n.getRecipient(), n.getLanguage(), n.getSubject(), n.getStatus(), n.getAttempts(),
                n.getNextAttemptAt(), n.getLastError(), n.getIdempotencyKey(), n.getMessageId(), n.getCreatedAt(),
                n.getSentAt());
    }
}
