package com.hostflow.lifecycle.order;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.LifecycleEvents;

/**
 * Task_WithdrawOpen: the service being opened was deleted; the open (the ModuleOperationProcess Task_OpenInModule
 * called) hears Msg_OperationWithdrawn, so a department task it waits at ends and it calls the module no more.
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
