package com.hostflow.lifecycle.moduleoperation;

import com.hostflow.modules.ModuleOutcome;

/**
 * Told of every answer a module gave to an operation on a service, in the transaction that journals it and completes
 * the process's task (ModuleOperations.finish), so what it writes commits with the process's next step. The drift
 * reconciliation keeps what a {@code sync} read this way, and looks again at a service whose answer came too late; the
 * answer itself never becomes a process variable.
 */
public interface ModuleAnswerListener {

    void answered(long serviceId, String operation, String operationKey, ModuleOutcome outcome);

    /**
     * The module answered an operation whose process had ended meanwhile (cancelled in Cockpit while the call ran):
     * the answer changed nothing in HostFlow, though the call may have changed the module.
     */
    default void answerLost(long serviceId, String operation, String operationKey) {
    }
}
