package com.hostflow.lifecycle.deletion;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Task_KeepService (the module could not close the service) and Task_KeepServiceRunning (the deletion was withdrawn):
 * the service stays and is billed as before.
 */
@Component
public class KeepServiceAdapter implements JavaDelegate {

    private final ServiceDeletions deletions;

    public KeepServiceAdapter(ServiceDeletions deletions) {
        this.deletions = deletions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        deletions.keep(DeletionVariables.serviceId(execution));
    }
}
