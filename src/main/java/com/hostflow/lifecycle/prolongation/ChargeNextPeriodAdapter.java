package com.hostflow.lifecycle.prolongation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.notifications.RenewalMails;

/**
 * Task_ChargeNextPeriod: charges the next period when the balance covers it, and says whether it did; a deletion
 * recorded since the facts were read stops the charge. The billing run's charge of a service its batch retry gave a job
 * of its own may come after the run's mail step read the client's charges: then it mails the service itself, in this
 * transaction ({@link RenewalMails#mailLateRenewal}). A prolongation run in its batch's transaction (every one when no
 * batch fails) does no such work: the step comes after its lane.
 */
@Component
public class ChargeNextPeriodAdapter implements JavaDelegate {

    private final ServiceProlongations prolongations;
    private final RenewalMails renewalMails;

    public ChargeNextPeriodAdapter(ServiceProlongations prolongations, RenewalMails renewalMails) {
        this.prolongations = prolongations;
        this.renewalMails = renewalMails;
    }

    @Override
    public void execute(DelegateExecution execution) {
        // the billing run's own charge carries the run; what a payment charges later in this process is not its renewal
        String billingRun = (String) execution.getVariable(ServiceProlongationProcess.BILLING_RUN);
        boolean retried = Boolean.TRUE.equals(execution.getVariable(ServiceProlongationProcess.BILLING_RUN_RETRIED));
        if (billingRun != null) {
            execution.removeVariable(ServiceProlongationProcess.BILLING_RUN);
            execution.removeVariable(ServiceProlongationProcess.BILLING_RUN_RETRIED);
        }
        long serviceId = ProlongationVariables.serviceId(execution);
        // the deletion the decision to charge saw (Task_ReadProlongationFacts, or the charge before this one)
        ServiceProlongations.Charged charged = prolongations.chargeNextPeriod(serviceId,
                (String) execution.getVariable(ServiceProlongationProcess.PERIOD),
                Boolean.TRUE.equals(execution.getVariable(ServiceProlongationProcess.DELETION_PENDING)), billingRun);
        if (retried && charged.paid()) {
            renewalMails.mailLateRenewal(billingRun, serviceId);
        }
        execution.setVariable(ServiceProlongationProcess.PAID, charged.paid());
        execution.setVariable(ServiceProlongationProcess.SUSPENDED_FOR_BILLING, charged.suspendedForBilling());
        execution.setVariable(ServiceProlongationProcess.AUTO_DELETION_AT, charged.autoDeletionAt());
        execution.setVariable(ServiceProlongationProcess.DELETION_PENDING, charged.deletionPending());
    }
}
