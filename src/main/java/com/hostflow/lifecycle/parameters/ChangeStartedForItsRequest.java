package com.hostflow.lifecycle.parameters;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.ProcessStartCheck;
import com.hostflow.lifecycle.ProcessVariables;

/**
 * A ParameterChangeProcess starts only for the change its service has pending, under that change's key, and only
 * once ({@link ServiceParameterChanges#checkStartedForItsChange}): started by hand at Task_RevertParameterChange with
 * a made-up key and amount, it credited that amount to the client out of nothing; with a finished change's key, it
 * gave that change's money back while the service kept the new values.
 */
@Component
class ChangeStartedForItsRequest implements ProcessStartCheck {

    private final ServiceParameterChanges changes;

    ChangeStartedForItsRequest(ServiceParameterChanges changes) {
        this.changes = changes;
    }

    @Override
    public String processKey() {
        return ParameterChangeProcess.KEY;
    }

    @Override
    public void check(DelegateExecution execution) {
        Object changeKey = execution.getVariable(ParameterChangeProcess.CHANGE_KEY);
        changes.checkStartedForItsChange(ProcessVariables.requiredLong(execution, ParameterChangeProcess.SERVICE_ID),
                changeKey == null ? null : changeKey.toString(), execution.getProcessBusinessKey(),
                execution.getProcessInstanceId());
    }
}
