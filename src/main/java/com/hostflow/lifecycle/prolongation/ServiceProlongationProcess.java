package com.hostflow.lifecycle.prolongation;

/** Names shared by {@code processes/ServiceProlongationProcess.bpmn}, its delegates and the code that starts it. */
public final class ServiceProlongationProcess {

    public static final String KEY = "ServiceProlongationProcess";

    public static final String SERVICE_ID = "serviceId";
    /** the period asked by the client; absent for the automatic prolongation (the service's own period) */
    public static final String PERIOD = "period";
    /** set by Task_ChargeNextPeriod: what comes next, one of {@code ProlongationStep} */
    public static final String NEXT_STEP = "nextStep";

    public static final String TASK_CHARGE_NEXT_PERIOD = "Task_ChargeNextPeriod";
    public static final String TASK_RESUME_AFTER_PAYMENT = "Task_ResumeAfterPayment";
    public static final String TASK_SUSPEND_FOR_BILLING = "Task_SuspendForBilling";
    public static final String END_PROLONGED = "EndEvent_Prolonged";
    public static final String END_RESUMED = "EndEvent_ResumedAfterPayment";
    public static final String END_SUSPENDED = "EndEvent_SuspendedForBilling";
    public static final String END_STILL_UNPAID = "EndEvent_StillUnpaid";

    private ServiceProlongationProcess() {
    }
}
