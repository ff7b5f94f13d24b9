package com.hostflow.lifecycle.order;

/** Names shared by {@code processes/ServiceOrderProcess.bpmn}, its delegates and the code that starts it. */
public final class ServiceOrderProcess {

    public static final String KEY = "ServiceOrderProcess";

    public static final String SERVICE_ID = "serviceId";
    public static final String ORDER_ID = "orderId";
    /** when an unpaid order is cancelled */
    public static final String PAY_BEFORE = "payBefore";
    /** set by Task_PayFromBalance */
    public static final String PAID = "paid";

    public static final String MESSAGE_PAYMENT_RECEIVED = "Msg_PaymentReceived";

    public static final String TASK_PAY_FROM_BALANCE = "Task_PayFromBalance";
    public static final String GATEWAY_PAYMENT_OR_EXPIRY = "Gateway_PaymentOrExpiry";
    public static final String EVENT_PAYMENT_RECEIVED = "Event_PaymentReceived";
    public static final String TIMER_ORDER_EXPIRES = "Timer_OrderExpires";
    public static final String TASK_CANCEL_ORDER = "Task_CancelOrder";
    public static final String TASK_OPEN_IN_MODULE = "Task_OpenInModule";
    public static final String TASK_ACTIVATE_SERVICE = "Task_ActivateService";
    public static final String TASK_FAIL_ORDER = "Task_FailOrder";
    public static final String END_ACTIVE = "EndEvent_ServiceActive";
    public static final String END_CANCELLED = "EndEvent_OrderCancelled";
    public static final String END_FAILED = "EndEvent_OrderFailed";

    private ServiceOrderProcess() {
    }
}
