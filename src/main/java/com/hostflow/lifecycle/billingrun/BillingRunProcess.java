package com.hostflow.lifecycle.billingrun;

/** Names shared by {@code processes/BillingRunProcess.bpmn}, its delegates and the code that starts it. */
public final class BillingRunProcess {

    public static final String KEY = "BillingRunProcess";

    /** set by Task_PlanBillingRun: services whose paid period ended by then are due in this run */
    public static final String CUTOFF = "cutoff";
    /** keyset paging through the due services: the last id looked at, and whether the batch was full */
    public static final String LAST_SERVICE_ID = "lastServiceId";
    public static final String BATCH_FULL = "batchFull";
    /** the same for planning the expiry reminders */
    public static final String LAST_REMINDED_ID = "lastRemindedId";
    public static final String REMINDERS_BATCH_FULL = "remindersBatchFull";

    private BillingRunProcess() {
    }
}
