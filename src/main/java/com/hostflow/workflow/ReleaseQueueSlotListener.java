package com.hostflow.workflow;

import static com.hostflow.workflow.ModuleOperationProcess.OPERATION_KEY;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import com.hostflow.services.ModuleOperations;

/**
 * End of ModuleOperationProcess, however it ends (completed, failed, rejected, cancelled in Cockpit): frees the
 * queue slot the operation may hold.
 */
@Component
public class ReleaseQueueSlotListener implements ExecutionListener {

    private final ModuleOperations operations;

    public ReleaseQueueSlotListener(ModuleOperations operations) {
        this.operations = operations;
    }

    @Override
    public void notify(DelegateExecution execution) {
        operations.releaseQueueSlot((String) execution.getVariable(OPERATION_KEY));
    }
}
