package com.hostflow.lifecycle;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.notifications.RefusedOperationNotifications;

/**
 * Task_TellAdmins…Failed on the failed path of a lifecycle process: the admins get a mail saying which operation of
 * the service did not happen and the module's reason. The task names the operation in its input parameter
 * {@code refusedOperation} (suspend, resume, setparam, reset_password, close).
 */
@Component
public class TellAdminsOfRefusalAdapter implements JavaDelegate {

    public static final String OPERATION = "refusedOperation";

    private final RefusedOperationNotifications notifications;

    public TellAdminsOfRefusalAdapter(RefusedOperationNotifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = ProcessVariables.requiredLong(execution, "serviceId");
        String operation = (String) execution.getVariableLocal(OPERATION);
        if (operation == null) {
            throw new IllegalStateException(execution.getCurrentActivityId() + " names no " + OPERATION);
        }
        notifications.tellAdmins(serviceId, operation,
                execution.getProcessInstanceId() + ":" + execution.getCurrentActivityId());
    }
}
