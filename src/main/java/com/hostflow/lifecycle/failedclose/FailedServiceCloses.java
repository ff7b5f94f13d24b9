package com.hostflow.lifecycle.failedclose;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.services.OperationJournal;

/**
 * The close of a FAILED service tried again when the service is deleted: its order's close of what the module made
 * was refused or given up (the admins were told, the service shows it), and whoever deletes the service now expects
 * the module to close it, the cause fixed meanwhile. Without such a refusal nothing is asked of the module.
 */
@Service
public class FailedServiceCloses {

    private final OperationJournal journal;
    private final LifecycleEvents events;

    FailedServiceCloses(OperationJournal journal, LifecycleEvents events) {
        this.journal = journal;
        this.events = events;
    }

    /**
     * In the deletion's transaction, under the service's row lock (a second deletion waits, then finds the service
     * deleted): starts {@link FailedServiceCloseProcess} when the service's last settled close was refused, failed
     * or aborted; answers its process instance, empty when there was nothing to close again.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> closeAgainIfRefused(long serviceId) {
        if (journal.refusals(List.of(serviceId), List.of(ModuleOperation.CLOSE.feature())).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(events.start(FailedServiceCloseProcess.KEY, serviceId,
                Map.of(FailedServiceCloseProcess.SERVICE_ID, serviceId)));
    }
}
