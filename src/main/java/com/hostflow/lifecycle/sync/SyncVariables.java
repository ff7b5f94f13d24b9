package com.hostflow.lifecycle.sync;

import org.camunda.bpm.engine.delegate.VariableScope;

/** The inputs the steps of ServiceSyncProcess work with. */
final class SyncVariables {

    private SyncVariables() {
    }

    static long serviceId(VariableScope execution) {
        return ((Number) execution.getVariable(ServiceSyncProcess.SERVICE_ID)).longValue();
    }

    static long driftId(VariableScope execution) {
        return ((Number) execution.getVariable(ServiceSyncProcess.DRIFT_ID)).longValue();
    }

    /** The key Task_SyncInModule gives its ModuleOperationProcess; the comparison finds the answer by it. */
    static String syncOperationKey(long serviceId, String processInstanceId) {
        return serviceId + "-sync-" + processInstanceId;
    }
}
