package com.hostflow.lifecycle.billingrun;

import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.prolongation.ServiceProlongations;

/**
 * Task_ProlongDueBatch of a billing run's lane: the lane's next batch of due services, each claimed and given its
 * ServiceProlongationProcess; the lane's position is committed with the batch. The first attempt runs them in this
 * job's transaction; when that failed, the retry gives each a job of its own, so the one service that fails becomes
 * one incident naming it and the lane goes on.
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
        Object last = execution.getVariable(BillingRunLaneProcess.LAST_SERVICE_ID);
        long afterId = last == null ? 0L : ((Number) last).longValue();
        Date cutoff = (Date) execution.getVariable(BillingRunProcess.CUTOFF);
        List<Long> batch = prolongations.startDueBatch(lane(execution), afterId, cutoff.toInstant(), batchSize,
                failedBefore(execution), (String) execution.getVariable(BillingRunLaneProcess.BILLING_RUN));
        if (!batch.isEmpty()) {
            execution.setVariable(BillingRunLaneProcess.LAST_SERVICE_ID, batch.get(batch.size() - 1));
        }
        execution.setVariable(BillingRunLaneProcess.BATCH_FULL, batch.size() == batchSize);
    }

    /** The lane's variables; a run started before lanes existed (its model had none) goes on as one lane. */
    private static ServiceProlongations.Lane lane(DelegateExecution execution) {
        Object lane = execution.getVariable(BillingRunLaneProcess.LANE);
        Object lanes = execution.getVariable(BillingRunProcess.LANES);
        return lane == null || lanes == null ? ServiceProlongations.Lane.ALL
                : new ServiceProlongations.Lane(((Number) lane).intValue(), ((Number) lanes).intValue());
    }

    /** Whether this step's job failed before: then its services are isolated from each other. */
    private static boolean failedBefore(DelegateExecution execution) {
        return execution.getProcessEngineServices().getManagementService().createJobQuery()
                .executionId(execution.getId()).withException().count() > 0;
    }
}
