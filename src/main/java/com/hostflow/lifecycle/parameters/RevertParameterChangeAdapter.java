package com.hostflow.lifecycle.parameters;

import java.math.BigDecimal;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_RevertParameterChange: old values back, the prorated money back. */
@Component
public class RevertParameterChangeAdapter implements JavaDelegate {

    private final ServiceParameterChanges changes;

    public RevertParameterChangeAdapter(ServiceParameterChanges changes) {
        this.changes = changes;
    }

    @Override
    public void execute(DelegateExecution execution) {
        changes.revert(((Number) execution.getVariable(ParameterChangeProcess.SERVICE_ID)).longValue(),
                (String) execution.getVariable(ParameterChangeProcess.CHANGE_KEY),
                new BigDecimal((String) execution.getVariable(ParameterChangeProcess.AMOUNT)));
    }
}
