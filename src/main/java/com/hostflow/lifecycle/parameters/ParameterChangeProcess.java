package com.hostflow.lifecycle.parameters;

/** Names shared by {@code processes/ParameterChangeProcess.bpmn}, its delegates and the code that starts it. */
public final class ParameterChangeProcess {

    public static final String KEY = "ParameterChangeProcess";

    public static final String SERVICE_ID = "serviceId";
    /** the billing key of the prorated charge or credit, and its amount (negative: credited) */
    public static final String CHANGE_KEY = "changeKey";
    public static final String AMOUNT = "amount";
    /**
     * reported by Task_FinishParameterChange for Gateway_BeingDeleted: a deletion is due or done, so the client is
     * not told the change is done
     */
    public static final String BEING_DELETED = "beingDeleted";

    private ParameterChangeProcess() {
    }
}
