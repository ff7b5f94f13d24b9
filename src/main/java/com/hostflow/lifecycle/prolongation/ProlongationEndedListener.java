package com.hostflow.lifecycle.prolongation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/** End of ServiceProlongationProcess, however it ends: the service may be prolonged again. */
@Component
public class ProlongationEndedListener implements ExecutionListener {

    private final ServiceProlongations prolongations;

    public ProlongationEndedListener(ServiceProlongations prolongations) {
        this.prolongations = prolongations;
    }

    @Override
    public void notify(DelegateExecution execution) {
        prolongations.release(ProlongationVariables.serviceId(execution),
                (String) execution.getVariable(ServiceProlongationProcess.CLAIM));
    }
}
