package com.hostflow.lifecycle.suspension;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.services.SuspensionReason;

/** Task_UndoSuspensionReason: takes the reason back when the module could not suspend. */
@Component
public class UndoSuspensionReasonAdapter implements JavaDelegate {

    private final ServiceSuspensions suspensions;

    public UndoSuspensionReasonAdapter(ServiceSuspensions suspensions) {
        this.suspensions = suspensions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = ((Number) execution.getVariable(ServiceSuspensionProcess.SERVICE_ID)).longValue();
        suspensions.undoReason(serviceId,
                SuspensionReason.valueOf((String) execution.getVariable(ServiceSuspensionProcess.REASON)));
    }
}
