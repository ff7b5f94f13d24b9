package com.hostflow.lifecycle.suspension;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_MarkSuspended: the module suspended the service. */
@Component
public class MarkSuspendedAdapter implements JavaDelegate {

    private final ServiceSuspensions suspensions;

    public MarkSuspendedAdapter(ServiceSuspensions suspensions) {
        this.suspensions = suspensions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = ((Number) execution.getVariable(ServiceSuspensionProcess.SERVICE_ID)).longValue();
        suspensions.markSuspended(serviceId);
    }
}
