package com.hostflow.lifecycle.sync;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_TakeNextDrift: the next difference to decide on and the facts the SyncDriftPolicy reads. */
@Component
public class TakeNextDriftAdapter implements JavaDelegate {

    private final ServiceSyncs syncs;

    public TakeNextDriftAdapter(ServiceSyncs syncs) {
        this.syncs = syncs;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ServiceSyncs.Next next = syncs.next(SyncVariables.serviceId(execution), execution.getProcessInstanceId());
        execution.setVariable(ServiceSyncProcess.DRIFT_LEFT, next.left());
        execution.setVariable(ServiceSyncProcess.DRIFT_ID, next.driftId());
        execution.setVariable(ServiceSyncProcess.DRIFT_KIND, next.kind() == null ? null : next.kind().name());
        execution.setVariable(ServiceSyncProcess.REPAIR_OPERATION,
                next.kind() == null ? null : next.kind().repairOperation());
        execution.setVariable(ServiceSyncProcess.RESOURCES_BELOW_PAID, next.resourcesBelowPaid());
        execution.setVariable(ServiceSyncProcess.SERVICE_STATUS, next.serviceStatus());
        execution.setVariable(ServiceSyncProcess.SUSPENSION_REASONS, next.suspensionReasons());
        execution.setVariable(ServiceSyncProcess.PRODUCT_TYPE, next.productType());
        execution.setVariable(ServiceSyncProcess.FOR_DEPARTMENT, next.forDepartment());
    }
}
