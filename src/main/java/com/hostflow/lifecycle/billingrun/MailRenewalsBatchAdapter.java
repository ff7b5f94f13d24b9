package com.hostflow.lifecycle.billingrun;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.hostflow.notifications.RenewalMails;

/**
 * Task_MailRenewalsBatch: the renewal mails of the run's next batch of clients (those it prolonged services of), one
 * per client, written in the job's transaction with the run's position.
 */
@Component
public class MailRenewalsBatchAdapter implements JavaDelegate {

    private final RenewalMails mails;
    private final int batchSize;

    public MailRenewalsBatchAdapter(RenewalMails mails,
            @Value("${hostflow.billing-run.batch-size:200}") int batchSize) {
        this.mails = mails;
        this.batchSize = batchSize;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object last = execution.getVariable(BillingRunProcess.LAST_MAILED_CLIENT_ID);
        RenewalMails.Batch batch = mails.mailBatch(execution.getProcessInstanceId(),
                last == null ? 0L : ((Number) last).longValue(), batchSize);
        execution.setVariable(BillingRunProcess.LAST_MAILED_CLIENT_ID, batch.lastClientId());
        execution.setVariable(BillingRunProcess.MAILS_BATCH_FULL, batch.full());
    }
}
