package com.hostflow.lifecycle.order;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.LifecycleEvents;

/**
 * Task_WithdrawOpen: the service being opened was deleted; the open (the ModuleOperationProcess Task_OpenInModule
 * called) is withdrawn: a department task or a wait for a next try ends at once (Msg_OperationWithdrawn), and a call
 * under way finishes but leads to no further try and no department task (the note operationWithdrawn).
 */
@Component
public class WithdrawOpenAdapter implements JavaDelegate {

    private final LifecycleEvents events;

    public WithdrawOpenAdapter(LifecycleEvents events) {
        this.events = events;
    }

    @Override
    public void execute(DelegateExecution execution) {
        events.operationsWithdrawn(execution.getProcessInstanceId());
    }
}
