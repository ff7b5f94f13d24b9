package com.hostflow.lifecycle.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.moduleoperation.ModuleAnswerListener;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.modules.ModuleOutcome;

/**
 * A module call whose process was cancelled while it ran (Cockpit) still did its work at the module, after the
 * service's turn was given back: a resume's start may land behind a suspension that came meanwhile, leaving a
 * SUSPENDED service on a running VM. Its answer is heard by no one, so the service is synced at once (in the
 * transaction that journals the lost answer) rather than at the next round, hours later: the sync compares it with
 * the module and repairs or hands over as SyncDriftPolicy says.
 */
@Component
class SyncAfterLostAnswer implements ModuleAnswerListener {

    private static final Logger log = LoggerFactory.getLogger(SyncAfterLostAnswer.class);

    private final ServiceSyncs syncs;

    SyncAfterLostAnswer(ServiceSyncs syncs) {
        this.syncs = syncs;
    }

    @Override
    public void answered(long serviceId, String operation, String operationKey, ModuleOutcome outcome) {
        // answers heard by their process change the service as the process says: nothing to look at
    }

    @Override
    public void answerLost(long serviceId, String operation, String operationKey) {
        if (ModuleOperation.SYNC.feature().equals(operation)) {
            return;
        }
        log.warn("service {}: the module answered {} ({}) after its process ended; syncing the service now",
                serviceId, operation, operationKey);
        syncs.syncNow(serviceId);
    }
}
