package com.hostflow.lifecycle.resume;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.suspension.ServiceSuspensions;

/** Task_MarkActive: the module resumed the service. */
@Component
public class MarkActiveAdapter implements JavaDelegate {

    private final ServiceSuspensions suspensions;

    public MarkActiveAdapter(ServiceSuspensions suspensions) {
        this.suspensions = suspensions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = ((Number) execution.getVariable(ServiceResumeProcess.SERVICE_ID)).longValue();
        suspensions.markActive(serviceId);
    }
}
