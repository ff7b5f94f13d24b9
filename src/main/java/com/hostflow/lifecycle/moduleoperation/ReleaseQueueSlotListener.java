package com.hostflow.lifecycle.moduleoperation;

import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.OPERATION_KEY;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.EndingInstances;
import com.hostflow.lifecycle.LifecycleEvents;

/**
 * Frees the queue slot the operation may hold whenever it stops talking to the module: when it waits for a retry or
 * for a person, and when ModuleOperationProcess ends however it ends (completed, failed, cancelled in Cockpit). The
 * operations next in line are woken in the same transaction.
 */
@Component
public class ReleaseQueueSlotListener implements ExecutionListener {

    private final ModuleOperations operations;
    private final LifecycleEvents events;

    public ReleaseQueueSlotListener(ModuleOperations operations, LifecycleEvents events) {
        this.operations = operations;
        this.events = events;
    }

    @Override
    public void notify(DelegateExecution execution) {
        String operationKey = EndingInstances.string(execution, OPERATION_KEY);
        if (operationKey != null) {
            events.giveTurns(operations.releaseQueueSlot(operationKey));
        }
    }
}
