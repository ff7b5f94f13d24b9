package com.hostflow.lifecycle.deletion;

/** Names shared by {@code processes/ServiceDeletionProcess.bpmn}, its delegates and the code that starts it. */
public final class ServiceDeletionProcess {

    public static final String KEY = "ServiceDeletionProcess";

    public static final String SERVICE_ID = "serviceId";
    /**
     * set by Task_ReadDeletionFacts: a deletion is on record (an admin's or the client's); none when a calling process
     * (the prolongation of an unpaid service) deletes it
     */
    public static final String ASKED_FOR = "askedFor";
    /** set by Task_ReadDeletionFacts: the service is paid past today, so nothing is unpaid */
    public static final String PAID_PAST_TODAY = "paidPastToday";
    /** set by Task_RegisterDeletion: when to delete, null for at once (a client deleting at the end of the paid period) */
    public static final String DELETE_AT = "deleteAt";
    /** set by Task_RegisterDeletion: whether the service exists in a processing module, so the module must close it */
    public static final String IN_MODULE = "inModule";

    /**
     * set by every end event, for a calling prolongation: DELETED, NOT_DELETED_PAID (unasked, paid past today: nothing
     * done), KEPT (the module could not close it) or WITHDRAWN
     */
    public static final String OUTCOME = "deletionOutcome";

    private ServiceDeletionProcess() {
    }
}
