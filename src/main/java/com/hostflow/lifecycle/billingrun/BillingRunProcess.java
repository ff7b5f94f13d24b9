package com.hostflow.lifecycle.billingrun;

/** Names shared by {@code processes/BillingRunProcess.bpmn}, its delegates and the code that starts it. */
public final class BillingRunProcess {

    public static final String KEY = "BillingRunProcess";

    /** set by Task_PlanBillingRun: services whose paid period ended by then are due in this run */
    public static final String CUTOFF = "cutoff";
    /** set by Task_PlanBillingRun: how many BillingRunLaneProcess instances go through the due services at once */
    public static final String LANES = "lanes";
    /** keyset paging through the clients the run renewed services of: the last client mailed, batch full? */
    public static final String LAST_MAILED_CLIENT_ID = "lastMailedClientId";
    public static final String MAILS_BATCH_FULL = "mailsBatchFull";
    /** keyset paging through the services whose expiry reminders come near: the last id looked at, batch full? */
    public static final String LAST_REMINDED_ID = "lastRemindedId";
    public static final String REMINDERS_BATCH_FULL = "remindersBatchFull";

    private BillingRunProcess() {
    }
}
