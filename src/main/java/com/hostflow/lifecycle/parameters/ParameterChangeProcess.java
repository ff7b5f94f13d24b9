package com.hostflow.lifecycle.parameters;

/** Names shared by {@code processes/ParameterChangeProcess.bpmn}, its delegates and the code that starts it. */
public final class ParameterChangeProcess {

    public static final String KEY = "ParameterChangeProcess";

    public static final String SERVICE_ID = "serviceId";
    /** the billing key of the prorated charge or credit, and its amount (negative: credited) */
    public static final String CHANGE_KEY = "changeKey";
    public static final String AMOUNT = "amount";

    public static final String TASK_SET_PARAM_IN_MODULE = "Task_SetParamInModule";
    public static final String TASK_FINISH = "Task_FinishParameterChange";
    public static final String TASK_REVERT = "Task_RevertParameterChange";
    public static final String END_APPLIED = "EndEvent_ParametersApplied";
    public static final String END_FAILED = "EndEvent_ParameterChangeFailed";

    private ParameterChangeProcess() {
    }
}
