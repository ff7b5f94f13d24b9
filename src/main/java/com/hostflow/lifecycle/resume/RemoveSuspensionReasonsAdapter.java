package com.hostflow.lifecycle.resume;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.suspension.ServiceSuspensions;

/** Task_RemoveSuspensionReasons: lifts the reasons and tells whether the module must resume. */
@Component
public class RemoveSuspensionReasonsAdapter implements JavaDelegate {

    private final ServiceSuspensions suspensions;

    public RemoveSuspensionReasonsAdapter(ServiceSuspensions suspensions) {
        this.suspensions = suspensions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = ((Number) execution.getVariable(ServiceResumeProcess.SERVICE_ID)).longValue();
        execution.setVariable(ServiceResumeProcess.LAST_REASON,
                suspensions.removeReasons(serviceId, (String) execution.getVariable(ServiceResumeProcess.REASONS)));
    }
}
