package com.hostflow.lifecycle.suspension;

/** Names shared by {@code processes/ServiceSuspensionProcess.bpmn}, its delegates and the code that starts it. */
public final class ServiceSuspensionProcess {

    public static final String KEY = "ServiceSuspensionProcess";

    public static final String SERVICE_ID = "serviceId";
    /** the reason to put in force: BILLING, ADMIN or ABUSE */
    public static final String REASON = "reason";

    /** facts read by Task_ReadSuspensionFacts for the SuspensionTiming table */
    public static final String DUE_AT = "dueAt";
    public static final String GRACE_DAYS = "graceDays";
    public static final String NO_SUSPEND_ON_WEEKENDS = "noSuspendOnWeekends";
    /** the SuspensionTiming table's answer: days to wait, and whether the day must be a working day */
    public static final String DELAY_DAYS = "suspensionDelayDays";
    public static final String WORKING_DAY_ONLY = "workingDayOnly";
    /** set by Task_ScheduleSuspension: when the suspension may happen, null for at once */
    public static final String NOT_BEFORE = "notBefore";
    /** set by Task_ScheduleSuspension under the service's lock: a deletion is on record (no wait then) */
    public static final String DELETION_PENDING = "deletionPending";
    /** set by Task_ReadServiceState: RUNNING, STOPPED (suspended for another reason) or GONE (deleted) */
    public static final String SERVICE_STATE = "serviceState";
    /**
     * set by Task_MarkSuspended and Task_MarkRestartFailed: a deletion is due or done, so the client is told of it,
     * not of the suspension (or of the refused start)
     */
    public static final String BEING_DELETED = "beingDeleted";
    /** set by the payment checks: whether the balance covers the service's next period now */
    public static final String PAID = "paid";
    /** set by the payment checks: the service is paid past today, so nothing is owed (Gateway_PaidBefore) */
    public static final String PAID_PAST_TODAY = "paidPastToday";
    /**
     * how the suspension ended, handed to the calling prolongation: SUSPENDED, PAID, DELETED, FAILED, GONE, NOT_DUE
     * (paid past today: not suspended)
     */
    public static final String OUTCOME = "suspensionOutcome";

    public static final String DECISION_TIMING = "SuspensionTiming";

    private ServiceSuspensionProcess() {
    }
}
