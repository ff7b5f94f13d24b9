package com.hostflow.lifecycle.prolongation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Task_ChargeNextPeriod: charges the next period when the balance covers it, and says whether it did; a deletion
 * recorded since the facts were read stops the charge.
 */
@Component
public class ChargeNextPeriodAdapter implements JavaDelegate {

    private final ServiceProlongations prolongations;

    public ChargeNextPeriodAdapter(ServiceProlongations prolongations) {
        this.prolongations = prolongations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        // the billing run's own charge carries the run; what a payment charges later in this process is not its renewal
        String billingRun = (String) execution.getVariable(ServiceProlongationProcess.BILLING_RUN);
        if (billingRun != null) {
            execution.removeVariable(ServiceProlongationProcess.BILLING_RUN);
        }
        // the deletion the decision to charge saw (Task_ReadProlongationFacts, or the charge before this one)
        ServiceProlongations.Charged charged = prolongations.chargeNextPeriod(
                ProlongationVariables.serviceId(execution),
                (String) execution.getVariable(ServiceProlongationProcess.PERIOD),
                Boolean.TRUE.equals(execution.getVariable(ServiceProlongationProcess.DELETION_PENDING)), billingRun);
        execution.setVariable(ServiceProlongationProcess.PAID, charged.paid());
        execution.setVariable(ServiceProlongationProcess.SUSPENDED_FOR_BILLING, charged.suspendedForBilling());
        execution.setVariable(ServiceProlongationProcess.AUTO_DELETION_AT, charged.autoDeletionAt());
        execution.setVariable(ServiceProlongationProcess.DELETION_PENDING, charged.deletionPending());
    }
}
