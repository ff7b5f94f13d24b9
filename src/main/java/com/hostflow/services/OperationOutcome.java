package com.hostflow.services;

/** How one attempt of a module operation ended, as the journal shows it. */
public enum OperationOutcome {
    /** written before the module is called; stays so only when the call never returned (crash, rollback) */
    STARTED,
    COMPLETED,
    PENDING,
    REJECTED,
    /** the module needs a person (manual module) and a department task was opened */
    MANUAL_WORK,
    TECHNICAL_FAILURE,
    /** a department member did the manual work and completed the task */
    DONE_BY_HAND,
    /** after a failure the department chose: retry, skip (done by hand), abort */
    RETRY_CHOSEN,
    SKIPPED,
    ABORTED,
    /** the failure policy gave up without asking anyone */
    FAILED,
    /**
     * the process that asked for the operation no longer wanted it (a client deleted the service being opened): it
     * ended without another try, and the caller undoes what it made
     */
    WITHDRAWN
}
