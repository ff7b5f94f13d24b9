package com.hostflow.lifecycle.prolongation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_ReadProlongationFacts: what the ProlongationDecision table decides on. */
@Component
public class ReadProlongationFactsAdapter implements JavaDelegate {

    private final ServiceProlongations prolongations;

    public ReadProlongationFactsAdapter(ServiceProlongations prolongations) {
        this.prolongations = prolongations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ServiceProlongations.Facts facts = prolongations.facts(ProlongationVariables.serviceId(execution));
        execution.setVariable(ServiceProlongationProcess.DELETION_PENDING, facts.deletionPending());
        execution.setVariable(ServiceProlongationProcess.DELETION_WAITS, facts.deletionWaits());
        execution.setVariable(ServiceProlongationProcess.TRIAL, facts.trial());
        execution.setVariable(ServiceProlongationProcess.STATUS, facts.status());
        execution.setVariable(ServiceProlongationProcess.SUSPENDED_FOR_BILLING, facts.suspendedForBilling());
        execution.setVariable(ServiceProlongationProcess.REQUESTED,
                execution.getVariable(ServiceProlongationProcess.PERIOD) != null);
    }
}
