package com.hostflow.lifecycle.suspension;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.services.SuspensionReason;

/** Task_CheckSuspensionTiming: when the suspension may happen (a weekend BILLING suspension waits for Monday). */
@Component
public class CheckSuspensionTimingAdapter implements JavaDelegate {

    private final ServiceSuspensions suspensions;

    public CheckSuspensionTimingAdapter(ServiceSuspensions suspensions) {
        this.suspensions = suspensions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = ((Number) execution.getVariable(ServiceSuspensionProcess.SERVICE_ID)).longValue();
        SuspensionReason reason = SuspensionReason.valueOf((String) execution.getVariable(ServiceSuspensionProcess.REASON));
        execution.setVariable(ServiceSuspensionProcess.NOT_BEFORE, suspensions.suspensionNotBefore(serviceId, reason));
    }
}
