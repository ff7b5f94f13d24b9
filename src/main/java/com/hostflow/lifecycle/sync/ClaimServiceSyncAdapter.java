package com.hostflow.lifecycle.sync;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.GatewayFacts;

/** Task_ClaimServiceSync: whether this is the service's one sync now. */
@Component
public class ClaimServiceSyncAdapter implements JavaDelegate {

    private final ServiceSyncs syncs;

    public ClaimServiceSyncAdapter(ServiceSyncs syncs) {
        this.syncs = syncs;
    }

    @Override
    public void execute(DelegateExecution execution) {
        GatewayFacts.report(execution, ServiceSyncProcess.SYNC_CLAIMED,
                syncs.claim(SyncVariables.serviceId(execution), execution.getProcessInstanceId()));
    }
}
