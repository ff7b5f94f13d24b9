package com.hostflow.notifications.web;

import java.time.Instant;

import com.hostflow.notifications.Notification;
import com.hostflow.notifications.NotificationStatus;

/**
 * A notification as a client (and staff) sees it: {@code at} is when it was sent, or queued while it was not;
 * {@code detail} says why nothing was sent (e.g. the client has no e-mail address); {@code to} is null when there
 * was nobody to send to.
 */
public record NotificationView(long id, String event, String channel, String to, String subject,
        NotificationStatus status, Instant at, Long serviceId, String detail) {

    public static NotificationView of(Notification n) {
        return new NotificationView(n.getId(), n.getEvent(), n.getChannel(), n.getRecipient(), n.getSubject(),
                n.getStatus(), n.getSentAt() != null ? n.getSentAt() : n.getCreatedAt(), n.getServiceId(),
                n.getStatus() == NotificationStatus.SKIPPED ? n.getLastError() : null);
    }
}
