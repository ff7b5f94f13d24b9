package com.hostflow.lifecycle.billingrun;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.prolongation.ServiceProlongations;

/** Task_ProlongDueServices: one batch of services whose paid period ended, in id order (keyset paging). */
@Component
public class ProlongDueServicesAdapter implements JavaDelegate {

    private final ServiceProlongations prolongations;
    private final int batchSize;

    public ProlongDueServicesAdapter(ServiceProlongations prolongations,
            @Value("${hostflow.billing-run.batch-size:100}") int batchSize) {
        this.prolongations = prolongations;
        this.batchSize = batchSize;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object last = execution.getVariable(BillingRunProcess.LAST_SERVICE_ID);
        List<Long> batch = prolongations.prolongDueBatch(last == null ? 0L : ((Number) last).longValue(), batchSize);
        if (!batch.isEmpty()) {
            execution.setVariable(BillingRunProcess.LAST_SERVICE_ID, batch.get(batch.size() - 1));
        }
        execution.setVariable(BillingRunProcess.BATCH_FULL, batch.size() == batchSize);
    }
}
