package com.hostflow.billing;

/** What a client gets back when a service is deleted at once, before its paid time is over. */
public enum RefundPolicy {
    /** The unused whole days of every charge of the service go back to the balance (the day of deletion is used). */
    UNUSED_WHOLE_DAYS,
    /** Nothing comes back. */
    NONE
}
