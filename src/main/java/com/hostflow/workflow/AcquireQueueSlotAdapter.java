package com.hostflow.workflow;

import static com.hostflow.workflow.ModuleOperationProcess.SLOT_ACQUIRED;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.services.ModuleOperations;

/** Task_AcquireQueueSlot: takes a slot of the module's operation queue, or says the queue is busy. */
@Component
@CallsOtherSystem
public class AcquireQueueSlotAdapter implements JavaDelegate {

    private final ModuleOperations operations;

    public AcquireQueueSlotAdapter(ModuleOperations operations) {
        this.operations = operations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ModuleOperationVariables op = ModuleOperationVariables.of(execution);
        execution.setVariable(SLOT_ACQUIRED, operations.tryAcquireQueueSlot(op.serviceId(), op.operationKey()));
    }
}
