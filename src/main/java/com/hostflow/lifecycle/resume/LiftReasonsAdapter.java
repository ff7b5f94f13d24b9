package com.hostflow.lifecycle.resume;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.GatewayFacts;

/**
 * Task_LiftReasons and Task_LiftReasonsAndActivate: the reasons are lifted, the service runs when none is left;
 * reports {@code beingDeleted} for the gateway that decides whether the client is told it runs again.
 */
@Component
public class LiftReasonsAdapter implements JavaDelegate {

    private final ServiceResumes resumes;

    public LiftReasonsAdapter(ServiceResumes resumes) {
        this.resumes = resumes;
    }

    @Override
    public void execute(DelegateExecution execution) {
        boolean beingDeleted = resumes.lift(ReadResumeFactsAdapter.serviceId(execution),
                (String) execution.getVariable(ServiceResumeProcess.REASONS));
        GatewayFacts.report(execution, ServiceResumeProcess.BEING_DELETED, beingDeleted);
    }
}
