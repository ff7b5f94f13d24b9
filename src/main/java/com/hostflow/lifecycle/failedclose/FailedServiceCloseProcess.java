package com.hostflow.lifecycle.failedclose;

/** Names shared by {@code processes/FailedServiceCloseProcess.bpmn} and the code that starts it. */
public final class FailedServiceCloseProcess {

    public static final String KEY = "FailedServiceCloseProcess";

    public static final String SERVICE_ID = "serviceId";

    public static final String TASK_CLOSE = "Task_CloseInModule";
    public static final String TASK_TELL_ADMINS = "Task_TellAdminsCloseFailed";
    public static final String END_CLOSED = "EndEvent_Closed";
    public static final String END_CLOSE_FAILED = "EndEvent_CloseFailed";

    private FailedServiceCloseProcess() {
    }
}
