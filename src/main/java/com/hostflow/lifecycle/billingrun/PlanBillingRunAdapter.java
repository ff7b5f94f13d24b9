package com.hostflow.lifecycle.billingrun;

import java.time.Clock;
import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_PlanBillingRun: the run covers the services due by now, from the first id on. */
@Component
public class PlanBillingRunAdapter implements JavaDelegate {

    private final Clock clock;

    public PlanBillingRunAdapter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(BillingRunProcess.CUTOFF, Date.from(clock.instant()));
        execution.setVariable(BillingRunProcess.LAST_SERVICE_ID, 0L);
    }
}
