package com.hostflow.lifecycle.reminders;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.GatewayFacts;
import com.hostflow.lifecycle.ProcessVariables;

/** Task_CheckReminderNeeded, Task_CheckNeededAfterPayment: whether reminding the client still makes sense. */
@Component
public class CheckReminderNeededAdapter implements JavaDelegate {

    private final ExpiryReminderPlanning planning;

    public CheckReminderNeededAdapter(ExpiryReminderPlanning planning) {
        this.planning = planning;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = ProcessVariables.requiredLong(execution, ServiceExpiryReminderProcess.SERVICE_ID);
        GatewayFacts.report(execution, ServiceExpiryReminderProcess.REMINDER_NEEDED,
                planning.reminderNeeded(serviceId));
    }
}
