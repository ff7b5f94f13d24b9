package com.hostflow.lifecycle.sync;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Task_NoteRepaired, Task_HandOverDrift, Task_HandOverFailedRepair and Task_NoteIgnored: what became of the
 * difference, named by the task's input {@code driftOutcome}.
 */
@Component
public class SettleDriftAdapter implements JavaDelegate {

    private final ServiceSyncs syncs;

    public SettleDriftAdapter(ServiceSyncs syncs) {
        this.syncs = syncs;
    }

    @Override
    public void execute(DelegateExecution execution) {
        syncs.settle(SyncVariables.driftId(execution),
                DriftOutcome.valueOf((String) execution.getVariable(ServiceSyncProcess.DRIFT_OUTCOME)));
    }
}
