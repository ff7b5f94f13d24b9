package com.hostflow.lifecycle.parameters;

import java.math.BigDecimal;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.EndingInstances;

/**
 * End of ParameterChangeProcess, however it ends: a change that ends neither finished (Task_FinishParameterChange)
 * nor undone (Task_RevertParameterChange) was cancelled in Cockpit, and is undone here as if the module had refused
 * it: the old values and the money come back, and the service takes parameter changes again. Without this, the
 * service kept the new values it was charged for but never got, and every later change answered 409 "has a parameter
 * change in progress" for good.
 */
@Component
public class ParameterChangeEndedListener implements ExecutionListener {

    private final ServiceParameterChanges changes;

    public ParameterChangeEndedListener(ServiceParameterChanges changes) {
        this.changes = changes;
    }

    @Override
    public void notify(DelegateExecution execution) {
        Long serviceId = EndingInstances.serviceId(execution);
        String changeKey = EndingInstances.string(execution, ParameterChangeProcess.CHANGE_KEY);
        String amount = EndingInstances.string(execution, ParameterChangeProcess.AMOUNT);
        if (serviceId != null && changeKey != null && amount != null && amount.matches("-?\\d+(\\.\\d+)?")) {
            changes.undoUnfinished(serviceId, changeKey, new BigDecimal(amount));
        }
    }
}
