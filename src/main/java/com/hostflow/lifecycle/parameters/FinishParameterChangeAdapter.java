package com.hostflow.lifecycle.parameters;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.GatewayFacts;
import com.hostflow.lifecycle.ProcessVariables;

/**
 * Task_FinishParameterChange: the module applied the new add-on values; reports {@code beingDeleted} for the gateway
 * that decides whether the client is told the change is done.
 */
@Component
public class FinishParameterChangeAdapter implements JavaDelegate {

    private final ServiceParameterChanges changes;

    public FinishParameterChangeAdapter(ServiceParameterChanges changes) {
        this.changes = changes;
    }

    @Override
    public void execute(DelegateExecution execution) {
        GatewayFacts.report(execution, ParameterChangeProcess.BEING_DELETED,
                changes.finish(ProcessVariables.requiredLong(execution, ParameterChangeProcess.SERVICE_ID)));
    }
}
