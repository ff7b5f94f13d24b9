package com.hostflow.lifecycle.sync;

/**
 * Names shared by {@code processes/ServiceSyncProcess.bpmn}, its delegates and the code that starts it. The model
 * has two parts: the round (a timer or an admin starts it; it starts one sync per live service, batch by batch,
 * reports hosts no service owns and deletes those the OrphanHostPolicy calls twins of a live service) and the sync of
 * one service (business key = the service id), which reads the service's host through ModuleOperationProcess(sync),
 * compares, and repairs or hands over what differs.
 */
public final class ServiceSyncProcess {

    public static final String KEY = "ServiceSyncProcess";

    /** an admin asks for a round now ({@code POST /api/v1/sync/run}) */
    public static final String MESSAGE_ROUND_REQUESTED = "Msg_SyncRoundRequested";
    /**
     * a round starts the sync of one service with it (business key = the service id); the engine allows a timer
     * start event beside message start events only, so the service's part starts by message, not as the default
     */
    public static final String MESSAGE_SERVICE_SYNC_DUE = "Msg_ServiceSyncDue";
    /** what an analyst edits: which differences are repaired, handed to the department or ignored */
    public static final String DECISION_DRIFT_POLICY = "SyncDriftPolicy";

    // --- the round ------------------------------------------------------------------------------------------------
    /** keyset paging through the live services: the last id looked at, and whether the batch was full */
    public static final String LAST_SERVICE_ID = "lastServiceId";
    public static final String BATCH_FULL = "batchFull";
    /** set by Task_FindOrphanHosts: how many hosts no service owns the report holds now */
    public static final String ORPHAN_HOSTS = "orphanHosts";
    /** set by Task_FindOrphanHosts: how many hosts of the report the OrphanHostPolicy said to delete */
    public static final String TWIN_HOSTS = "twinHosts";
    /** set by Task_DeleteTwinHosts: how many of them the module deleted */
    public static final String TWIN_HOSTS_DELETED = "twinHostsDeleted";
    /** what an analyst edits: which hosts of the orphan report the round deletes (a live service's twins) */
    public static final String DECISION_ORPHAN_HOST_POLICY = OrphanHostPolicy.DECISION;

    // --- the sync of one service ----------------------------------------------------------------------------------
    public static final String SERVICE_ID = "serviceId";
    /** set by Task_ClaimServiceSync: no other sync of the service is under way (or waits for its department) */
    public static final String SYNC_CLAIMED = "syncClaimed";
    /** set by Task_CheckServiceLive: still ACTIVE or SUSPENDED, with no deletion under way */
    public static final String STILL_LIVE = "stillLive";
    /** set by Task_CompareWithModule: how many differences it found (each one a row of service_drift) */
    public static final String DRIFTS_FOUND = "driftsFound";
    /** set by Task_TakeNextDrift: whether a difference is left to decide, and its facts for the SyncDriftPolicy */
    public static final String DRIFT_LEFT = "driftLeft";
    public static final String DRIFT_ID = "driftId";
    public static final String DRIFT_KIND = "driftKind";
    public static final String SERVICE_STATUS = "serviceStatus";
    /** the reasons in force, comma-separated in the enum's order ("BILLING,ADMIN"; empty when none) */
    public static final String SUSPENSION_REASONS = "suspensionReasons";
    public static final String PRODUCT_TYPE = "productType";
    public static final String RESOURCES_BELOW_PAID = "resourcesBelowPaid";
    /** the module operation that puts the difference right (resume, suspend, setparam), null when none does */
    public static final String REPAIR_OPERATION = "repairOperation";
    /** set by Task_TakeNextDrift once none is left: how many differences went to the department */
    public static final String FOR_DEPARTMENT = "forDepartment";
    /** input of the tasks that settle a difference: REPAIRED, HANDED_OVER, REPAIR_FAILED or IGNORED */
    public static final String DRIFT_OUTCOME = "driftOutcome";
    /** set by Task_BriefDepartment for the department's task */
    public static final String DEPARTMENT_KEY = "departmentKey";
    public static final String DRIFT_TITLE = "driftTitle";
    public static final String DRIFT_BRIEF = "driftBrief";
    /** the department's form: fixed / leave, and a comment; deleted when the service was deleted meanwhile */
    public static final String DECISION = "decision";
    public static final String COMMENT = "comment";

    public static final String TIMER_ROUND_DUE = "Timer_SyncRoundDue";
    public static final String TASK_START_BATCH = "Task_StartSyncBatch";
    public static final String TASK_FIND_ORPHAN_HOSTS = "Task_FindOrphanHosts";
    public static final String TASK_DELETE_TWIN_HOSTS = "Task_DeleteTwinHosts";
    public static final String TASK_LOOK_INTO_DRIFT = "Task_LookIntoDrift";

    private ServiceSyncProcess() {
    }
}
