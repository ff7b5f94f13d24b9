package com.hostflow.lifecycle.prolongation;

/** Names shared by {@code processes/ServiceProlongationProcess.bpmn}, its delegates and the code that starts it. */
public final class ServiceProlongationProcess {

    public static final String KEY = "ServiceProlongationProcess";

    public static final String SERVICE_ID = "serviceId";
    /** the period a client asked for; absent for the automatic prolongation (the service's own period) */
    public static final String PERIOD = "period";
    /** the claim on the service's one running prolongation, given back when this process ends */
    public static final String CLAIM = "prolongationClaim";
    /**
     * the billing run that started it (the run's process instance id); absent for a client's request. Its first charge
     * records it and Task_ChargeNextPeriod removes it: a later charge (a payment's) is no renewal of that run
     */
    public static final String BILLING_RUN = "billingRun";
    /**
     * true when the billing run's batch failed and its retry started this prolongation in a job of its own: its charge
     * may come after the run's mail step read its client's charges, and then mails this service itself. Removed with
     * {@link #BILLING_RUN}
     */
    public static final String BILLING_RUN_RETRIED = "billingRunRetried";

    /** facts read by Task_ReadProlongationFacts for the ProlongationDecision table */
    public static final String DELETION_PENDING = "deletionPending";
    /** the deletion on record waits for the end of the paid period: it can be withdrawn */
    public static final String DELETION_WAITS = "deletionWaits";
    public static final String TRIAL = "trial";
    public static final String STATUS = "status";
    public static final String SUSPENDED_FOR_BILLING = "suspendedForBilling";
    public static final String REQUESTED = "requested";

    /** set by Task_ChargeNextPeriod: whether the next period was paid from the balance */
    public static final String PAID = "paid";
    /** set by Task_ChargeNextPeriod: when an unpaid, suspended service is deleted (null: never) */
    public static final String AUTO_DELETION_AT = "autoDeletionAt";

    /** The start of the billing run's fast path: the same transaction as the batch, no job of its own. */
    public static final String FIRST_STEP = "Task_ReadProlongationFacts";
    public static final String DECISION_PROLONGATION = "ProlongationDecision";

    private ServiceProlongationProcess() {
    }
}
