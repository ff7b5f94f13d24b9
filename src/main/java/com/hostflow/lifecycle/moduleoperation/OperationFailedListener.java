package com.hostflow.lifecycle.moduleoperation;

import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.ERROR_CODE;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/** EndEvent_OperationFailed: journals that the failure policy gave the operation up. */
@Component
public class OperationFailedListener implements ExecutionListener {

    private final ModuleOperations operations;

    public OperationFailedListener(ModuleOperations operations) {
        this.operations = operations;
    }

    @Override
    public void notify(DelegateExecution execution) {
        ModuleOperationVariables op = ModuleOperationVariables.of(execution);
        operations.recordFailure(op.serviceId(), op.operation(), op.operationKey(),
                (String) execution.getVariable(ERROR_CODE));
    }
}
