package com.hostflow.lifecycle.billingrun;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.deletion.ServiceDeletions;

/** Task_DeleteOverdueServices: one batch of services suspended for BILLING past their auto-deletion days. */
@Component
public class DeleteOverdueServicesAdapter implements JavaDelegate {

    private final ServiceDeletions deletions;
    private final int batchSize;

    public DeleteOverdueServicesAdapter(ServiceDeletions deletions,
            @Value("${hostflow.billing-run.batch-size:100}") int batchSize) {
        this.deletions = deletions;
        this.batchSize = batchSize;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object last = execution.getVariable(BillingRunProcess.LAST_SUSPENDED_ID);
        List<Long> batch = deletions.deleteOverdueBatch(last == null ? 0L : ((Number) last).longValue(), batchSize);
        if (!batch.isEmpty()) {
            execution.setVariable(BillingRunProcess.LAST_SUSPENDED_ID, batch.get(batch.size() - 1));
        }
        execution.setVariable(BillingRunProcess.SUSPENDED_BATCH_FULL, batch.size() == batchSize);
    }
}
