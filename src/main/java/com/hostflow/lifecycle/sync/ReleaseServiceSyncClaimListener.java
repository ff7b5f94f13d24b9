package com.hostflow.lifecycle.sync;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * End of ServiceSyncProcess, however it ends: the service may be synced again by the next round, and nothing the sync
 * found stays OPEN (ServiceSyncs.releaseClaim).
 */
@Component
public class ReleaseServiceSyncClaimListener implements ExecutionListener {

    private final ServiceSyncs syncs;

    public ReleaseServiceSyncClaimListener(ServiceSyncs syncs) {
        this.syncs = syncs;
    }

    @Override
    public void notify(DelegateExecution execution) {
        syncs.releaseClaim(execution.getProcessInstanceId());
    }
}
