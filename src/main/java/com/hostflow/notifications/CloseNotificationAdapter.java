package com.hostflow.notifications;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.ProcessVariables;

/** Task_CloseNotification: the department told the client by other means; the FAILED notification is HANDLED. */
@Component
public class CloseNotificationAdapter implements JavaDelegate {

    private final Notifications notifications;

    public CloseNotificationAdapter(Notifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public void execute(DelegateExecution execution) {
        notifications.handledByHand(
                ProcessVariables.requiredLong(execution, NotificationFailedProcess.NOTIFICATION_ID));
    }
}
