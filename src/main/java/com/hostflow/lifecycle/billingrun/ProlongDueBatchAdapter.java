package com.hostflow.lifecycle.billingrun;

import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.prolongation.ServiceProlongations;

/**
 * Task_ProlongDueBatch: the next batch of due services, each claimed and given its ServiceProlongationProcess. The
 * first attempt runs them in this job's transaction; when that failed, the retry gives each a job of its own, so the
 * one service that fails becomes one incident naming it and the run goes on.
 */
@Component
public class ProlongDueBatchAdapter implements JavaDelegate {

    private final ServiceProlongations prolongations;
    private final int batchSize;

    public ProlongDueBatchAdapter(ServiceProlongations prolongations,
            @Value("${hostflow.billing-run.batch-size:200}") int batchSize) {
        this.prolongations = prolongations;
        this.batchSize = batchSize;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long last = ((Number) execution.getVariable(BillingRunProcess.LAST_SERVICE_ID)).longValue();
        Date cutoff = (Date) execution.getVariable(BillingRunProcess.CUTOFF);
        List<Long> batch = prolongations.startDueBatch(last, cutoff.toInstant(), batchSize, failedBefore(execution));
        if (!batch.isEmpty()) {
            execution.setVariable(BillingRunProcess.LAST_SERVICE_ID, batch.get(batch.size() - 1));
        }
        execution.setVariable(BillingRunProcess.BATCH_FULL, batch.size() == batchSize);
    }

    /** Whether this step's job failed before: then its services are isolated from each other. */
    private static boolean failedBefore(DelegateExecution execution) {
        return execution.getProcessEngineServices().getManagementService().createJobQuery()
                .executionId(execution.getId()).withException().count() > 0;
    }
}
