package com.hostflow.notifications;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.ProcessVariables;

/** Task_SendNotificationAgain: the department fixed what was wrong; the notification gets a new round of attempts. */
@Component
public class SendNotificationAgainAdapter implements JavaDelegate {

    private final Notifications notifications;

    public SendNotificationAgainAdapter(Notifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long id = ProcessVariables.requiredLong(execution, NotificationFailedProcess.NOTIFICATION_ID);
        if (notifications.notification(id).getStatus() == NotificationStatus.FAILED) {
            notifications.sendAgain(id);
        }
    }
}
