package com.hostflow.lifecycle.suspension;

import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_ReadSuspensionFacts: when the suspension became due and the product type's rules, for SuspensionTiming. */
@Component
public class ReadSuspensionFactsAdapter implements JavaDelegate {

    private final ServiceSuspensions suspensions;

    public ReadSuspensionFactsAdapter(ServiceSuspensions suspensions) {
        this.suspensions = suspensions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ServiceSuspensions.Facts facts = suspensions.facts(SuspensionVariables.serviceId(execution),
                SuspensionVariables.reason(execution));
        execution.setVariable(ServiceSuspensionProcess.DUE_AT, Date.from(facts.dueAt()));
        execution.setVariable(ServiceSuspensionProcess.GRACE_DAYS, facts.graceDays());
        execution.setVariable(ServiceSuspensionProcess.NO_SUSPEND_ON_WEEKENDS, facts.noSuspendOnWeekends());
    }
}
