package com.hostflow.lifecycle.sync;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.ProcessVariables;

/** Task_StartSyncBatch: the next batch of live services, each given a sync of its own. */
@Component
public class StartSyncBatchAdapter implements JavaDelegate {

    private final ServiceSyncs syncs;
    private final ServiceSyncSettings settings;

    public StartSyncBatchAdapter(ServiceSyncs syncs, ServiceSyncSettings settings) {
        this.syncs = syncs;
        this.settings = settings;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long last = ProcessVariables.requiredLong(execution, ServiceSyncProcess.LAST_SERVICE_ID);
        List<Long> batch = syncs.startBatch(last, settings.batchSize());
        if (!batch.isEmpty()) {
            execution.setVariable(ServiceSyncProcess.LAST_SERVICE_ID, batch.get(batch.size() - 1));
        }
        execution.setVariable(ServiceSyncProcess.BATCH_FULL, batch.size() == settings.batchSize());
    }
}
