package com.hostflow.lifecycle.billingrun;

import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.reminders.ExpiryReminderPlanning;

/**
 * Task_PlanRemindersBatch: the next batch of services whose first expiry reminder comes near, each given its
 * ServiceExpiryReminderProcess (once per paid period).
 */
@Component
public class PlanRemindersBatchAdapter implements JavaDelegate {

    private final ExpiryReminderPlanning planning;
    private final int batchSize;

    public PlanRemindersBatchAdapter(ExpiryReminderPlanning planning,
            @Value("${hostflow.billing-run.batch-size:200}") int batchSize) {
        this.planning = planning;
        this.batchSize = batchSize;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object last = execution.getVariable(BillingRunProcess.LAST_REMINDED_ID);
        Date cutoff = (Date) execution.getVariable(BillingRunProcess.CUTOFF);
        ExpiryReminderPlanning.Batch batch = planning.startBatch(last == null ? 0L : ((Number) last).longValue(),
                cutoff.toInstant(), batchSize);
        execution.setVariable(BillingRunProcess.LAST_REMINDED_ID, batch.lastServiceId());
        execution.setVariable(BillingRunProcess.REMINDERS_BATCH_FULL, batch.full());
    }
}
