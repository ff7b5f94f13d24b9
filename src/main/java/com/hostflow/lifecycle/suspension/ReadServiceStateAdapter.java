package com.hostflow.lifecycle.suspension;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.prolongation.ServiceProlongations;
import com.hostflow.services.SuspensionReason;

/**
 * Task_ReadServiceState: whether the service runs, is stopped for another reason already, or is gone; for a BILLING
 * suspension also whether the balance covers the next period now. That balance is read under the account's lock in
 * the transaction that starts the module call and its wait for a payment: a payment made while the suspension waited
 * for the service's turn is seen here, a later one reaches that wait.
 */
@Component
public class ReadServiceStateAdapter implements JavaDelegate {

    private final ServiceSuspensions suspensions;
    private final ServiceProlongations prolongations;

    public ReadServiceStateAdapter(ServiceSuspensions suspensions, ServiceProlongations prolongations) {
        this.suspensions = suspensions;
        this.prolongations = prolongations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = SuspensionVariables.serviceId(execution);
        String state = suspensions.state(serviceId);
        execution.setVariable(ServiceSuspensionProcess.SERVICE_STATE, state);
        // a deleted service has no next period (its tariff may be gone too)
        if (SuspensionVariables.reason(execution) == SuspensionReason.BILLING && !"GONE".equals(state)) {
            execution.setVariable(ServiceSuspensionProcess.PAID, prolongations.coversNextPeriod(serviceId));
        }
    }
}
