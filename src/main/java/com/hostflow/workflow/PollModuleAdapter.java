package com.hostflow.workflow;

import static com.hostflow.workflow.ModuleOperationProcess.MODULE_HANDLE;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.services.ModuleOperations;

/** Task_PollModule: asks the module how a pending operation is doing. */
@Component
@CallsOtherSystem
public class PollModuleAdapter implements JavaDelegate {

    private final ModuleOperations operations;

    public PollModuleAdapter(ModuleOperations operations) {
        this.operations = operations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ModuleOperationVariables op = ModuleOperationVariables.of(execution);
        String handle = (String) execution.getVariable(MODULE_HANDLE);
        ModuleCallResultVariables.apply(execution,
                operations.poll(op.serviceId(), op.operation(), op.operationKey(), handle));
    }
}
