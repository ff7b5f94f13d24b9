package com.hostflow.services;

/**
 * Why a service is (being) deleted, as its client is told in the deletion mail and the client area: a deletion after
 * non-payment must not read like the client's own.
 */
public enum DeletionReason {
    /** its client deleted it, at once */
    CLIENT,
    /** its client deleted it for the end of the paid period, and that came */
    CLIENT_AT_PERIOD_END,
    /** an admin deleted it (also one that made a client's deletion at the end of the paid period happen now) */
    ADMIN,
    /** it was not paid for: its prolongation deleted it (the product type's auto-deletion days after the suspension) */
    UNPAID
}
