package com.hostflow.lifecycle.sync;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.GatewayFacts;

/** Task_CheckServiceLive: the round chose the service a moment ago; it may have been deleted since. */
@Component
public class CheckServiceLiveAdapter implements JavaDelegate {

    private final ServiceSyncs syncs;

    public CheckServiceLiveAdapter(ServiceSyncs syncs) {
        this.syncs = syncs;
    }

    @Override
    public void execute(DelegateExecution execution) {
        GatewayFacts.report(execution, ServiceSyncProcess.STILL_LIVE,
                syncs.stillLive(SyncVariables.serviceId(execution)));
    }
}
