package com.hostflow.lifecycle.moduleoperation;

import com.hostflow.lifecycle.LifecycleEvents;

/**
 * Names shared by {@code processes/ModuleOperationProcess.bpmn} and its delegates: the call activity behind every
 * module operation (queue slot → call → poll → retries → failure policy → department task).
 */
public final class ModuleOperationProcess {

    public static final String KEY = "ModuleOperationProcess";

    /** inputs given by the calling process */
    public static final String SERVICE_ID = "serviceId";
    public static final String OPERATION = "operation";
    public static final String OPERATION_KEY = "operationKey";
    /** input, optional: true lets every other operation waiting in the module's queue go first (a drift sync) */
    public static final String QUEUE_BEHIND_OTHERS = "queueBehindOthers";

    /** set by the delegates */
    public static final String SLOT_ACQUIRED = "slotAcquired";
    public static final String MODULE_OUTCOME = "moduleOutcome";
    public static final String MODULE_HANDLE = "moduleHandle";
    public static final String ERROR_CODE = "errorCode";
    public static final String TECHNICAL_FAILURES = "technicalFailures";
    public static final String DEPARTMENT_KEY = "departmentKey";
    public static final String INSTRUCTIONS = "instructions";
    /** what the module said about the last attempt (its error text), shown to staff */
    public static final String MODULE_MESSAGE = "moduleMessage";
    /** polls of the pending operation so far, for the poll backoff */
    public static final String POLLS = "polls";
    /** set once Task_ChooseModule put a module on the service (open only) */
    public static final String MODULE_CHOSEN = "moduleChosen";

    /** set by the DMN table and the department's forms */
    public static final String FAILURE_POLICY = "failurePolicy";
    public static final String DECISION = "decision";
    public static final String EXTERNAL_ID = "externalId";
    public static final String IP_ADDRESSES = "ipAddresses";
    public static final String COMMENT = "comment";

    public static final String DECISION_FAILURE_POLICY = "ModuleFailurePolicy";

    /** the BPMN error thrown to the calling process when the module refuses the operation */
    public static final String ERR_MODULE_REJECTED = "Err_ModuleRejected";

    public static final String TASK_ACQUIRE_QUEUE_SLOT = "Task_AcquireQueueSlot";
    public static final String TASK_CHOOSE_MODULE = "Task_ChooseModule";
    public static final String EVENT_QUEUE_TURN_GIVEN = "Event_QueueTurnGiven";
    public static final String TASK_CALL_MODULE = "Task_CallModule";
    public static final String TASK_POLL_MODULE = "Task_PollModule";
    public static final String TASK_DECIDE_FAILURE_POLICY = "Task_DecideFailurePolicy";
    public static final String TASK_DO_MANUAL_WORK = "Task_DoManualWork";
    public static final String TASK_HANDLE_FAILED_OPERATION = "Task_HandleFailedOperation";
    public static final String TIMER_POLL_WAIT = "Timer_PollWait";
    public static final String TIMER_RETRY_BACKOFF = "Timer_RetryBackoff";
    public static final String TIMER_RETRY_LATER = "Timer_RetryLater";
    /** ends a RETRY_WHEN_ANSWERING wait once the module answers again ({@link ModuleAnswersAgain}) */
    public static final String EVENT_MODULE_ANSWERS_AGAIN = "Event_ModuleAnswersAgain";
    public static final String END_COMPLETED = "EndEvent_OperationCompleted";
    public static final String END_MANUAL_WORK_DONE = "EndEvent_ManualWorkDone";
    public static final String END_SKIPPED = "EndEvent_OperationSkipped";
    public static final String END_REJECTED = "EndEvent_ModuleRejected";
    public static final String END_NO_MODULE = "EndEvent_NoModule";
    public static final String END_FAILED = "EndEvent_OperationFailed";
    public static final String END_ABORTED = "EndEvent_OperationAborted";
    /** noted by the caller when it withdraws the operation ({@link LifecycleEvents#operationWithdrawn}) */
    public static final String OPERATION_WITHDRAWN = LifecycleEvents.OPERATION_WITHDRAWN;
    public static final String END_WITHDRAWN_AT_DEPARTMENT = "EndEvent_WithdrawnAtDepartment";
    public static final String END_MANUAL_WORK_WITHDRAWN = "EndEvent_ManualWorkWithdrawn";
    public static final String END_WITHDRAWN_BEFORE_RETRY = "EndEvent_WithdrawnBeforeRetry";
    public static final String END_WITHDRAWN_WHILE_BACKING_OFF = "EndEvent_WithdrawnWhileBackingOff";
    public static final String END_WITHDRAWN_WHILE_WAITING_TO_RETRY = "EndEvent_WithdrawnWhileWaitingToRetry";
    public static final String END_WITHDRAWN_IN_LINE = "EndEvent_WithdrawnInLine";
    /** the waits for a next try, which a withdrawal ends at once (event-based: the timer or the withdrawal) */
    public static final String GATEWAY_BACKOFF_OR_WITHDRAWN = "Gateway_BackoffOrWithdrawn";
    public static final String GATEWAY_RETRY_LATER_OR_WITHDRAWN = "Gateway_RetryLaterOrWithdrawn";

    private ModuleOperationProcess() {
    }

    /** The department's choice after a failed operation ({@code decision}). */
    public enum DepartmentDecision {
        RETRY("retry"), SKIP("skip"), ABORT("abort");

        private final String value;

        DepartmentDecision(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static DepartmentDecision of(String value) {
            for (DepartmentDecision decision : values()) {
                if (decision.value.equals(value)) {
                    return decision;
                }
            }
            throw new IllegalArgumentException("unknown decision " + value);
        }
    }
}
