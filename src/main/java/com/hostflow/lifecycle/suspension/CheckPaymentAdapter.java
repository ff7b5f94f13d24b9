package com.hostflow.lifecycle.suspension;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.GatewayFacts;
import com.hostflow.lifecycle.prolongation.ServiceProlongations;

/**
 * Task_CheckPayment: whether the balance covers the service's next period now, and whether the service is paid past
 * today (nothing owed). Read under the account's lock, so a payment is either seen here or delivered to the wait that
 * this transaction starts.
 */
@Component
public class CheckPaymentAdapter implements JavaDelegate {

    private final ServiceProlongations prolongations;

    public CheckPaymentAdapter(ServiceProlongations prolongations) {
        this.prolongations = prolongations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = SuspensionVariables.serviceId(execution);
        execution.setVariable(ServiceSuspensionProcess.PAID, prolongations.coversNextPeriod(serviceId));
        // only Gateway_PaidBefore right after reads it: never stored
        GatewayFacts.report(execution, ServiceSuspensionProcess.PAID_PAST_TODAY,
                prolongations.paidPastToday(serviceId));
    }
}
