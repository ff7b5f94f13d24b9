package com.hostflow.lifecycle.billingrun;

/** Names shared by {@code processes/BillingRunProcess.bpmn}, its delegates and the code that starts it. */
public final class BillingRunProcess {

    public static final String KEY = "BillingRunProcess";

    /** keyset paging through the due services: the last id handled, and whether the batch was full */
    public static final String LAST_SERVICE_ID = "lastServiceId";
    public static final String BATCH_FULL = "batchFull";
    public static final String LAST_SUSPENDED_ID = "lastSuspendedId";
    public static final String SUSPENDED_BATCH_FULL = "suspendedBatchFull";

    public static final String TIMER_BILLING_RUN_DUE = "Timer_BillingRunDue";
    public static final String TASK_PROLONG_DUE_SERVICES = "Task_ProlongDueServices";
    public static final String TASK_DELETE_OVERDUE_SERVICES = "Task_DeleteOverdueServices";
    public static final String END_DONE = "EndEvent_BillingRunDone";

    private BillingRunProcess() {
    }
}
