package com.hostflow.lifecycle.suspension;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.GatewayFacts;

/**
 * Task_MarkSuspended and Task_AddSuspensionReason: the service is stopped and the reason is in force; reports
 * {@code beingDeleted} for the gateway that decides whether the client is told.
 */
@Component
public class MarkSuspendedAdapter implements JavaDelegate {

    private final ServiceSuspensions suspensions;

    public MarkSuspendedAdapter(ServiceSuspensions suspensions) {
        this.suspensions = suspensions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        GatewayFacts.report(execution, ServiceSuspensionProcess.BEING_DELETED, suspensions.markSuspended(
                SuspensionVariables.serviceId(execution), SuspensionVariables.reason(execution)));
    }
}
