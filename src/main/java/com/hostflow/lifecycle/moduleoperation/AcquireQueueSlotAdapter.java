package com.hostflow.lifecycle.moduleoperation;

import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.QUEUE_BEHIND_OTHERS;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.SLOT_ACQUIRED;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.GatewayFacts;

/**
 * Task_AcquireQueueSlot: takes a slot of the module's operation queue, or puts the operation in line to be woken by
 * Msg_TurnGiven when a slot frees; behind every other waiting operation when the caller passed queueBehindOthers.
 */
@Component
public class AcquireQueueSlotAdapter implements JavaDelegate {

    private final ModuleOperations operations;

    public AcquireQueueSlotAdapter(ModuleOperations operations) {
        this.operations = operations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ModuleOperationVariables op = ModuleOperationVariables.of(execution);
        // read only by Gateway_QueueSlotFree, right after this task
        GatewayFacts.report(execution, SLOT_ACQUIRED, operations.tryAcquireQueueSlot(op.serviceId(), op.operationKey(),
                execution.getProcessInstanceId(), Boolean.TRUE.equals(execution.getVariable(QUEUE_BEHIND_OTHERS))));
    }
}
