package com.hostflow.lifecycle.resume;

/** Names shared by {@code processes/ServiceResumeProcess.bpmn}, its delegates and the code that starts it. */
public final class ServiceResumeProcess {

    public static final String KEY = "ServiceResumeProcess";

    public static final String SERVICE_ID = "serviceId";
    /** the reasons to lift, comma-separated (e.g. {@code ADMIN,ABUSE}) */
    public static final String REASONS = "reasons";
    /**
     * set by Task_ReadResumeFacts: RESUMES (no reason left after lifting: the module starts the service), STAYS
     * (other reasons stay in force), NOTHING (none of the reasons is in force) or GONE (deleted)
     */
    public static final String RESUME_STATE = "resumeState";
    /**
     * reported by Task_LiftReasonsAndActivate for Gateway_BeingDeleted: a deletion is due or done, so the client is
     * not told the service runs again
     */
    public static final String BEING_DELETED = "beingDeleted";

    private ServiceResumeProcess() {
    }
}
