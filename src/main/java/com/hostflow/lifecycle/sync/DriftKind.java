package com.hostflow.lifecycle.sync;

/**
 * What can differ between a service and its host in the module; the SyncDriftPolicy table reads the name. A service
 * has at most one difference of its power state (the first four) and one of its resources. Each kind that a module
 * operation can put right names that operation; a VM that is gone is never made anew by HostFlow on its own.
 */
public enum DriftKind {
    /** the module no longer has the service's host */
    GONE("the VM is gone", null),
    /** the module shows a state HostFlow cannot read (e.g. a VM whose creation failed), or refused to say */
    STATE_UNKNOWN("the VM is in an unknown state", null),
    /** the service is ACTIVE, its VM is stopped: {@code resume} starts it */
    STOPPED_WHILE_ACTIVE("the VM is stopped while the service is active", "resume"),
    /** the service is SUSPENDED, its VM runs: {@code suspend} stops it */
    RUNNING_WHILE_SUSPENDED("the VM runs while the service is suspended", "suspend"),
    /** the VM has other resources than the service pays for: {@code setparam} asks for the paid ones */
    RESOURCES_CHANGED("the VM's resources differ", "setparam"),
    /**
     * a second VM the service's own open made (a creation HostFlow had given up on that VMmanager made after the open
     * was done), found by the round's orphan report and deleted as the OrphanHostPolicy table says; always noted
     * REPAIRED, never decided by the SyncDriftPolicy
     */
    TWIN_HOST("a second VM its open made", null);

    private final String title;
    private final String repairOperation;

    DriftKind(String title, String repairOperation) {
        this.title = title;
        this.repairOperation = repairOperation;
    }

    /** A few words for staff, e.g. the title of a department task. */
    public String title() {
        return title;
    }

    /** The module operation that puts it right, or null when none does. */
    public String repairOperation() {
        return repairOperation;
    }
}
