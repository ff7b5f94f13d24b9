package com.hostflow.lifecycle.reminders;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.prolongation.ServiceProlongations;

/** Task_CheckBalance*: whether the client's balance pays the service's next period, so no reminder is needed. */
@Component
public class CheckPeriodCoveredAdapter implements JavaDelegate {

    private final ServiceProlongations prolongations;

    public CheckPeriodCoveredAdapter(ServiceProlongations prolongations) {
        this.prolongations = prolongations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = ((Number) execution.getVariable(ServiceExpiryReminderProcess.SERVICE_ID)).longValue();
        execution.setVariable(ServiceExpiryReminderProcess.COVERED, prolongations.coversNextPeriod(serviceId));
    }
}
