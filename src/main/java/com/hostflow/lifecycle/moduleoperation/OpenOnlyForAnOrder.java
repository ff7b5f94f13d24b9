package com.hostflow.lifecycle.moduleoperation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.ProcessStartCheck;
import com.hostflow.lifecycle.order.ServiceOrderProcess;
import com.hostflow.modules.ModuleOperation;

/**
 * A module's {@code open} runs only as a step of an order: {@code ServiceOrderProcess} calls it. Started on its own
 * through the engine REST (an admin's start of {@code ModuleOperationProcess} with {@code operation=open}), it made a
 * second VM for an ACTIVE service, took over the service's external id and addresses and left the first VM running
 * for no service. Refused when the instance starts (400 at the engine REST, nothing started), by the start checks'
 * built-in listener, so a start that skips custom listeners or begins at another activity meets it too.
 */
@Component
class OpenOnlyForAnOrder implements ProcessStartCheck {

    @Override
    public String processKey() {
        return ModuleOperationProcess.KEY;
    }

    @Override
    public void check(DelegateExecution execution) {
        if (!ModuleOperation.OPEN.feature().equals(execution.getVariable(ModuleOperationProcess.OPERATION))) {
            return;
        }
        ExecutionEntity caller = ((ExecutionEntity) execution).getProcessInstance().getSuperExecution();
        if (caller == null || !ServiceOrderProcess.KEY.equals(caller.getProcessDefinition().getKey())) {
            throw new IllegalStateException("a module opens a service only for its order (ServiceOrderProcess calls"
                    + " ModuleOperationProcess with operation open); started on its own it would make a second VM");
        }
    }
}
