package com.hostflow.lifecycle.deletion;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_AnnounceDeletion: the service's other waits hear Msg_DeletionRequested and end. */
@Component
public class AnnounceDeletionAdapter implements JavaDelegate {

    private final ServiceDeletions deletions;

    public AnnounceDeletionAdapter(ServiceDeletions deletions) {
        this.deletions = deletions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        deletions.announce(DeletionVariables.serviceId(execution));
    }
}
