package com.hostflow.lifecycle.resume;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_LiftReasons and Task_LiftReasonsAndActivate: the reasons are lifted, the service runs when none is left. */
@Component
public class LiftReasonsAdapter implements JavaDelegate {

    private final ServiceResumes resumes;

    public LiftReasonsAdapter(ServiceResumes resumes) {
        this.resumes = resumes;
    }

    @Override
    public void execute(DelegateExecution execution) {
        resumes.lift(ReadResumeFactsAdapter.serviceId(execution),
                (String) execution.getVariable(ServiceResumeProcess.REASONS));
    }
}
