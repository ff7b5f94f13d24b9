package com.hostflow.lifecycle.suspension;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.services.SuspensionReason;

/** Task_AddSuspensionReason: puts the reason in force and tells whether the module must suspend. */
@Component
public class AddSuspensionReasonAdapter implements JavaDelegate {

    private final ServiceSuspensions suspensions;

    public AddSuspensionReasonAdapter(ServiceSuspensions suspensions) {
        this.suspensions = suspensions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = ((Number) execution.getVariable(ServiceSuspensionProcess.SERVICE_ID)).longValue();
        SuspensionReason reason = SuspensionReason.valueOf((String) execution.getVariable(ServiceSuspensionProcess.REASON));
        execution.setVariable(ServiceSuspensionProcess.FIRST_REASON, suspensions.addReason(serviceId, reason));
    }
}
