package com.hostflow.lifecycle.deletion;

/** Names shared by {@code processes/ServiceDeletionProcess.bpmn}, its delegates and the code that starts it. */
public final class ServiceDeletionProcess {

    public static final String KEY = "ServiceDeletionProcess";

    public static final String SERVICE_ID = "serviceId";
    /** when to delete: null for at once, else the end of the paid period (a client deleting at period end) */
    public static final String DELETE_AT = "deleteAt";
    /** whether the service exists in a processing module, so the module must close it */
    public static final String IN_MODULE = "inModule";

    public static final String TIMER_UNTIL_DELETION = "Timer_UntilDeletionDue";
    public static final String TASK_CLOSE_IN_MODULE = "Task_CloseInModule";
    public static final String TASK_MARK_DELETED = "Task_MarkDeleted";
    public static final String END_DELETED = "EndEvent_Deleted";
    public static final String END_FAILED = "EndEvent_DeletionFailed";

    private ServiceDeletionProcess() {
    }
}
