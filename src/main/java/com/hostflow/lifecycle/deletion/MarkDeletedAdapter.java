package com.hostflow.lifecycle.deletion;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_MarkDeleted: the service is gone. */
@Component
public class MarkDeletedAdapter implements JavaDelegate {

    private final ServiceDeletions deletions;

    public MarkDeletedAdapter(ServiceDeletions deletions) {
        this.deletions = deletions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        deletions.markDeleted(((Number) execution.getVariable(ServiceDeletionProcess.SERVICE_ID)).longValue());
    }
}
