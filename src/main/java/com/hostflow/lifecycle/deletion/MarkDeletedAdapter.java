package com.hostflow.lifecycle.deletion;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_MarkDeleted: the service is gone, and the unused part of its money goes back by the refund policy. */
@Component
public class MarkDeletedAdapter implements JavaDelegate {

    private final ServiceDeletions deletions;

    public MarkDeletedAdapter(ServiceDeletions deletions) {
        this.deletions = deletions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        deletions.markDeleted(DeletionVariables.serviceId(execution));
    }
}
