package com.hostflow.lifecycle.sync;

/** What became of one difference; the tasks that settle it name it as their input {@code driftOutcome}. */
public enum DriftOutcome {
    /** the module put it right (start, stop, resources grown back) */
    REPAIRED,
    /** the SyncDriftPolicy sent it to the department */
    HANDED_OVER,
    /** the repair failed (the module refused or gave up): the department looks into it */
    REPAIR_FAILED,
    /** the SyncDriftPolicy says it does not matter */
    IGNORED
}
