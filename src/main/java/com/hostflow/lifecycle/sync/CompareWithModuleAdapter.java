package com.hostflow.lifecycle.sync;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_CompareWithModule: what differs between the service and what its module's sync read. */
@Component
public class CompareWithModuleAdapter implements JavaDelegate {

    private final ServiceSyncs syncs;

    public CompareWithModuleAdapter(ServiceSyncs syncs) {
        this.syncs = syncs;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = SyncVariables.serviceId(execution);
        String processInstanceId = execution.getProcessInstanceId();
        execution.setVariable(ServiceSyncProcess.DRIFTS_FOUND, syncs.compare(serviceId,
                SyncVariables.syncOperationKey(serviceId, processInstanceId), processInstanceId));
    }
}
