package com.hostflow.lifecycle.sync;

import org.camunda.bpm.engine.delegate.VariableScope;

import com.hostflow.lifecycle.ProcessVariables;

/** The inputs the steps of ServiceSyncProcess work with. */
final class SyncVariables {

    private SyncVariables() {
    }

    static long serviceId(VariableScope execution) {
        return ProcessVariables.requiredLong(execution, ServiceSyncProcess.SERVICE_ID);
    }

    static long driftId(VariableScope execution) {
        return ProcessVariables.requiredLong(execution, ServiceSyncProcess.DRIFT_ID);
    }

    /** The key Task_SyncInModule gives its ModuleOperationProcess; the comparison finds the answer by it. */
    static String syncOperationKey(long serviceId, String processInstanceId) {
        return serviceId + "-sync-" + processInstanceId;
    }
}
