package com.hostflow.lifecycle.deletion;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_RegisterDeletion: the deletion is on record; when it happens and whether a module closes the service. */
@Component
public class RegisterDeletionAdapter implements JavaDelegate {

    private final ServiceDeletions deletions;

    public RegisterDeletionAdapter(ServiceDeletions deletions) {
        this.deletions = deletions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ServiceDeletions.Registered registered = deletions.register(DeletionVariables.serviceId(execution),
                execution.getProcessInstanceId());
        execution.setVariable(ServiceDeletionProcess.DELETE_AT, registered.deleteAt());
        execution.setVariable(ServiceDeletionProcess.IN_MODULE, registered.inModule());
    }
}
