package com.hostflow.lifecycle.parameters;

import java.math.BigDecimal;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.ProcessVariables;

/** Task_RevertParameterChange: old values back, the prorated money back. */
@Component
public class RevertParameterChangeAdapter implements JavaDelegate {

    private final ServiceParameterChanges changes;

    public RevertParameterChangeAdapter(ServiceParameterChanges changes) {
        this.changes = changes;
    }

    @Override
    public void execute(DelegateExecution execution) {
        changes.revert(ProcessVariables.requiredLong(execution, ParameterChangeProcess.SERVICE_ID),
                (String) execution.getVariable(ParameterChangeProcess.CHANGE_KEY),
                new BigDecimal((String) execution.getVariable(ParameterChangeProcess.AMOUNT)));
    }
}
