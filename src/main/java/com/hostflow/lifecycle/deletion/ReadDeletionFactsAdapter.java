package com.hostflow.lifecycle.deletion;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.GatewayFacts;

/** Task_ReadDeletionFacts: whether the deletion was asked for and whether the service is paid past today. */
@Component
public class ReadDeletionFactsAdapter implements JavaDelegate {

    private final ServiceDeletions deletions;

    public ReadDeletionFactsAdapter(ServiceDeletions deletions) {
        this.deletions = deletions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ServiceDeletions.Facts facts = deletions.facts(DeletionVariables.serviceId(execution));
        // only Gateway_PaidPastToday right after reads them: never stored
        GatewayFacts.report(execution, ServiceDeletionProcess.ASKED_FOR, facts.askedFor());
        GatewayFacts.report(execution, ServiceDeletionProcess.PAID_PAST_TODAY, facts.paidPastToday());
    }
}
