package com.hostflow.lifecycle.billingrun;

/** Names shared by {@code processes/BillingRunLaneProcess.bpmn} and its delegate. */
public final class BillingRunLaneProcess {

    public static final String KEY = "BillingRunLaneProcess";

    /** this lane's number, 0 to {@link BillingRunProcess#LANES} - 1: the clients whose id modulo lanes is it */
    public static final String LANE = "lane";
    /**
     * the run's process instance id, which every prolongation of the lane and its charge carry; absent in a lane a run
     * started before the renewal mails (its charges are mailed to nobody)
     */
    public static final String BILLING_RUN = "billingRun";
    /** keyset paging through the lane's due services: the last id looked at, and whether the batch was full */
    public static final String LAST_SERVICE_ID = "lastServiceId";
    public static final String BATCH_FULL = "batchFull";

    private BillingRunLaneProcess() {
    }
}
