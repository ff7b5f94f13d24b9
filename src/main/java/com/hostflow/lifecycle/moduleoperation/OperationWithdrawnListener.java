package com.hostflow.lifecycle.moduleoperation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * The withdrawn end events of ModuleOperationProcess (at the department, at the work by hand, before or while waiting
 * for a next try): journals that the operation ended because its caller withdrew it.
 */
@Component
public class OperationWithdrawnListener implements ExecutionListener {

    private final ModuleOperations operations;

    public OperationWithdrawnListener(ModuleOperations operations) {
        this.operations = operations;
    }

    @Override
    public void notify(DelegateExecution execution) {
        ModuleOperationVariables op = ModuleOperationVariables.of(execution);
        operations.recordWithdrawn(op.serviceId(), op.operation(), op.operationKey());
    }
}
