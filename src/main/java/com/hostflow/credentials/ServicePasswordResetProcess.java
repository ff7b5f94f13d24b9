package com.hostflow.credentials;

/** Names shared by {@code processes/ServicePasswordResetProcess.bpmn} and the code that starts it. */
public final class ServicePasswordResetProcess {

    public static final String KEY = "ServicePasswordResetProcess";

    public static final String SERVICE_ID = "serviceId";
    /** the module operation of {@code ModuleOperationProcess} */
    public static final String OPERATION = "reset_password";

    public static final String TASK_CHANGE_PASSWORD = "Task_ChangePasswordInModule";
    public static final String TASK_NOTIFY_CHANGED = "Task_NotifyPasswordChanged";
    public static final String TASK_NOTIFY_FAILED = "Task_NotifyPasswordChangeFailed";
    public static final String END_CHANGED = "EndEvent_PasswordChanged";
    public static final String END_FAILED = "EndEvent_PasswordChangeFailed";
    public static final String END_CHANGED_BEING_DELETED = "EndEvent_ChangedBeingDeleted";
    /**
     * reported by Task_ReadWhetherBeingDeleted for Gateway_BeingDeleted: a deletion is due or done, so the client is
     * not told of a new password (and sent to credentials the deletion removes)
     */
    public static final String BEING_DELETED = "beingDeleted";

    /** notification templates the process names */
    public static final String TEMPLATE_CHANGED = "password-changed";
    public static final String TEMPLATE_FAILED = "password-change-failed";

    private ServicePasswordResetProcess() {
    }
}
