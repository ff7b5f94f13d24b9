package com.hostflow.lifecycle.reminders;

import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.LifecycleEvents;

/**
 * Task_StartReminders (order, prolongation): a paid period began. The reminders of the last period end
 * (Msg_PaidPeriodChanged) and ServiceExpiryReminderProcess starts for this one, in the same transaction.
 */
@Component
public class StartExpiryRemindersAdapter implements JavaDelegate {

    private final LifecycleEvents events;

    public StartExpiryRemindersAdapter(LifecycleEvents events) {
        this.events = events;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = ((Number) execution.getVariable(ServiceExpiryReminderProcess.SERVICE_ID)).longValue();
        events.paidPeriodChanged(serviceId);
        events.start(ServiceExpiryReminderProcess.KEY, serviceId,
                Map.of(ServiceExpiryReminderProcess.SERVICE_ID, serviceId));
    }
}
