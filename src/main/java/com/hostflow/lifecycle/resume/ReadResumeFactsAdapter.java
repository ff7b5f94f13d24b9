package com.hostflow.lifecycle.resume;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.GatewayFacts;
import com.hostflow.lifecycle.ProcessVariables;

/** Task_ReadResumeFacts: whether lifting the reasons lets the service run again. */
@Component
public class ReadResumeFactsAdapter implements JavaDelegate {

    private final ServiceResumes resumes;

    public ReadResumeFactsAdapter(ServiceResumes resumes) {
        this.resumes = resumes;
    }

    @Override
    public void execute(DelegateExecution execution) {
        GatewayFacts.report(execution, ServiceResumeProcess.RESUME_STATE, resumes.state(serviceId(execution),
                (String) execution.getVariable(ServiceResumeProcess.REASONS)));
    }

    static long serviceId(DelegateExecution execution) {
        return ProcessVariables.requiredLong(execution, ServiceResumeProcess.SERVICE_ID);
    }
}
