package com.hostflow.lifecycle.sync;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/** EndEvent_ServiceBusy: counted, so a service that is always busy when its round comes shows in the metrics. */
@Component
public class NoteServiceBusyListener implements ExecutionListener {

    private final ServiceSyncs syncs;

    public NoteServiceBusyListener(ServiceSyncs syncs) {
        this.syncs = syncs;
    }

    @Override
    public void notify(DelegateExecution execution) {
        syncs.skippedBusy();
    }
}
