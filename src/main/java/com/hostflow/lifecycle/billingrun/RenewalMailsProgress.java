package com.hostflow.lifecycle.billingrun;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;

/**
 * How far a billing run's Task_MailRenewalsBatch has come, as its last committed job left it: whether it has read
 * (and mailed) the run's charges of a client. A charge the run's batch retry made after that is in none of its mails.
 */
public final class RenewalMailsProgress {

    private RenewalMailsProgress() {
    }

    /**
     * Whether the run's mail step is past {@code clientId}: the run has ended (or was cancelled), the step's last
     * batch was not full (it has read every client), or it has mailed the clients up to this one. Not while the run's
     * lanes still go (the step has no position yet).
     */
    public static boolean mailedPast(RuntimeService runtime, String billingRun, long clientId) {
        if (runtime.createProcessInstanceQuery().processInstanceId(billingRun).count() == 0) {
            return true;
        }
        Map<String, Object> position = runtime.getVariables(billingRun,
                List.of(BillingRunProcess.LAST_MAILED_CLIENT_ID, BillingRunProcess.MAILS_BATCH_FULL));
        Object last = position.get(BillingRunProcess.LAST_MAILED_CLIENT_ID);
        return last != null && (Boolean.FALSE.equals(position.get(BillingRunProcess.MAILS_BATCH_FULL))
                || ((Number) last).longValue() >= clientId);
    }
}
