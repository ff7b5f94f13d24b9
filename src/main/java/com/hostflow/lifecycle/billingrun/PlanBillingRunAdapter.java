package com.hostflow.lifecycle.billingrun;

import java.time.Clock;
import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Task_PlanBillingRun: the run covers the services due by now, in {@code hostflow.billing-run.lanes} lanes. */
@Component
public class PlanBillingRunAdapter implements JavaDelegate {

    private final Clock clock;
    private final int lanes;

    public PlanBillingRunAdapter(Clock clock, @Value("${hostflow.billing-run.lanes:2}") int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("hostflow.billing-run.lanes must be at least 1, not " + lanes);
        }
        this.clock = clock;
        this.lanes = lanes;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(BillingRunProcess.CUTOFF, Date.from(clock.instant()));
        execution.setVariable(BillingRunProcess.LANES, lanes);
    }
}
