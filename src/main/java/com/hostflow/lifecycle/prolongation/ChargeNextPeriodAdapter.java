package com.hostflow.lifecycle.prolongation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_ChargeNextPeriod: charges the next period from the balance and says what comes next. */
@Component
public class ChargeNextPeriodAdapter implements JavaDelegate {

    private final ServiceProlongations prolongations;

    public ChargeNextPeriodAdapter(ServiceProlongations prolongations) {
        this.prolongations = prolongations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = ((Number) execution.getVariable(ServiceProlongationProcess.SERVICE_ID)).longValue();
        execution.setVariable(ServiceProlongationProcess.NEXT_STEP, prolongations.chargeNextPeriod(serviceId,
                (String) execution.getVariable(ServiceProlongationProcess.PERIOD)).name());
    }
}
