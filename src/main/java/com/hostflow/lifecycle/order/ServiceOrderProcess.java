package com.hostflow.lifecycle.order;

/** Names shared by {@code processes/ServiceOrderProcess.bpmn}, its delegates and the code that starts it. */
public final class ServiceOrderProcess {

    public static final String KEY = "ServiceOrderProcess";

    public static final String SERVICE_ID = "serviceId";
    public static final String ORDER_ID = "orderId";
    /** when an unpaid order is cancelled; set by Task_PayFromBalance when the order stays unpaid */
    public static final String PAY_BEFORE = "payBefore";
    /** set by Task_PayFromBalance */
    public static final String PAID = "paid";
    /**
     * set by Task_PayFromBalance and Task_CancelOrder: the service is DELETED already, by a deletion this order did
     * not hear (its instance suspended in Cockpit), which told the client
     */
    public static final String DELETED_ALREADY = "deletedAlready";

    private ServiceOrderProcess() {
    }
}
