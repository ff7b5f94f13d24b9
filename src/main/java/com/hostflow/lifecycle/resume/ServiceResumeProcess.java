package com.hostflow.lifecycle.resume;

/** Names shared by {@code processes/ServiceResumeProcess.bpmn}, its delegates and the code that starts it. */
public final class ServiceResumeProcess {

    public static final String KEY = "ServiceResumeProcess";

    public static final String SERVICE_ID = "serviceId";
    /** the reasons to lift, comma-separated (e.g. {@code ADMIN,ABUSE}) */
    public static final String REASONS = "reasons";
    /** set by Task_RemoveSuspensionReasons: true when no reason is left, so the module must resume */
    public static final String LAST_REASON = "lastReason";

    public static final String TASK_REMOVE_REASONS = "Task_RemoveSuspensionReasons";
    public static final String TASK_RESUME_IN_MODULE = "Task_ResumeInModule";
    public static final String TASK_MARK_ACTIVE = "Task_MarkActive";
    public static final String END_RESUMED = "EndEvent_Resumed";
    public static final String END_STILL_SUSPENDED = "EndEvent_StillSuspended";
    public static final String END_FAILED = "EndEvent_ResumeFailed";

    private ServiceResumeProcess() {
    }
}
