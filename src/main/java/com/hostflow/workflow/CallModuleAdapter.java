package com.hostflow.workflow;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.services.ModuleOperations;

/** Task_CallModule: one attempt of the operation on the service's processing module. */
@Component
@CallsOtherSystem
public class CallModuleAdapter implements JavaDelegate {

    private final ModuleOperations operations;

    public CallModuleAdapter(ModuleOperations operations) {
        this.operations = operations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ModuleOperationVariables op = ModuleOperationVariables.of(execution);
        ModuleCallResultVariables.apply(execution,
                operations.call(op.serviceId(), op.operation(), op.operationKey()));
    }
}
