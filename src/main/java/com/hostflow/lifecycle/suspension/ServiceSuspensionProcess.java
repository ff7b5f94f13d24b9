package com.hostflow.lifecycle.suspension;

/** Names shared by {@code processes/ServiceSuspensionProcess.bpmn}, its delegates and the code that starts it. */
public final class ServiceSuspensionProcess {

    public static final String KEY = "ServiceSuspensionProcess";

    public static final String SERVICE_ID = "serviceId";
    /** the reason to put in force: BILLING, ADMIN or ABUSE */
    public static final String REASON = "reason";
    /** set by Task_CheckSuspensionTiming: when the suspension may happen, null for at once */
    public static final String NOT_BEFORE = "notBefore";
    /** set by Task_AddSuspensionReason: true when the service was running, so the module must suspend it */
    public static final String FIRST_REASON = "firstReason";

    public static final String MESSAGE_PAYMENT_RECEIVED = "Msg_PaymentReceived";

    public static final String TASK_CHECK_TIMING = "Task_CheckSuspensionTiming";
    public static final String GATEWAY_ALLOWED_OR_PAID = "Gateway_AllowedOrPaid";
    public static final String TIMER_UNTIL_ALLOWED = "Timer_UntilSuspensionAllowed";
    public static final String EVENT_PAYMENT_RECEIVED = "Event_PaymentReceived";
    public static final String TASK_ADD_REASON = "Task_AddSuspensionReason";
    public static final String TASK_SUSPEND_IN_MODULE = "Task_SuspendInModule";
    public static final String TASK_MARK_SUSPENDED = "Task_MarkSuspended";
    public static final String TASK_UNDO_REASON = "Task_UndoSuspensionReason";
    public static final String END_SUSPENDED = "EndEvent_Suspended";
    public static final String END_REASON_ADDED = "EndEvent_ReasonAdded";
    public static final String END_CANCELLED_BY_PAYMENT = "EndEvent_CancelledByPayment";
    public static final String END_FAILED = "EndEvent_SuspensionFailed";

    private ServiceSuspensionProcess() {
    }
}
