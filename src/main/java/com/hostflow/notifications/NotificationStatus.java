package com.hostflow.notifications;

/** Where a notification stands in the outbox. */
public enum NotificationStatus {
    /** waiting for its (next) attempt */
    PENDING,
    /** claimed by a sender under a lease; taken again by any sender when the lease ran out */
    SENDING,
    SENT,
    /** every attempt failed; the department was given a task */
    FAILED,
    /** nothing to send: the client has no e-mail address */
    SKIPPED,
    /** a FAILED one that staff dealt with by other means */
    HANDLED
}
