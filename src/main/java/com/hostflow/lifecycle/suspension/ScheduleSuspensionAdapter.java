package com.hostflow.lifecycle.suspension;

import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_ScheduleSuspension: turns the SuspensionTiming table's answer into the moment the suspension may happen. */
@Component
public class ScheduleSuspensionAdapter implements JavaDelegate {

    private final ServiceSuspensions suspensions;

    public ScheduleSuspensionAdapter(ServiceSuspensions suspensions) {
        this.suspensions = suspensions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Date dueAt = (Date) execution.getVariable(ServiceSuspensionProcess.DUE_AT);
        execution.setVariable(ServiceSuspensionProcess.NOT_BEFORE, suspensions.notBefore(
                SuspensionVariables.serviceId(execution), dueAt.toInstant(),
                ((Number) execution.getVariable(ServiceSuspensionProcess.DELAY_DAYS)).intValue(),
                Boolean.TRUE.equals(execution.getVariable(ServiceSuspensionProcess.WORKING_DAY_ONLY))));
        execution.setVariable(ServiceSuspensionProcess.DELETION_PENDING,
                suspensions.deletionPending(SuspensionVariables.serviceId(execution)));
    }
}
