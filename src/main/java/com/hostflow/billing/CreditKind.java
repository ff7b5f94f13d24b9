package com.hostflow.billing;

/** Why money went back to a balance. */
public enum CreditKind {
    /** The unused part of a deleted service. */
    REFUND,
    /** A cheaper configuration for the rest of the paid period. */
    PRORATION,
    /** Given by an admin or by a process for any other reason. */
    ADJUSTMENT
}
