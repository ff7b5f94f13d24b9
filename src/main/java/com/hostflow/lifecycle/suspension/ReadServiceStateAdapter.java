package com.hostflow.lifecycle.suspension;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_ReadServiceState: whether the service runs, is stopped for another reason already, or is gone. */
@Component
public class ReadServiceStateAdapter implements JavaDelegate {

    private final ServiceSuspensions suspensions;

    public ReadServiceStateAdapter(ServiceSuspensions suspensions) {
        this.suspensions = suspensions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(ServiceSuspensionProcess.SERVICE_STATE,
                suspensions.state(SuspensionVariables.serviceId(execution)));
    }
}
