package com.hostflow.lifecycle.sync;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Task_RecordDepartmentAnswer and Task_NoteServiceDeleted: the handed-over differences are closed with the
 * department's {@code decision} (fixed, leave) and comment, or {@code deleted} when the service went meanwhile.
 */
@Component
public class RecordDriftResolutionAdapter implements JavaDelegate {

    private final ServiceSyncs syncs;

    public RecordDriftResolutionAdapter(ServiceSyncs syncs) {
        this.syncs = syncs;
    }

    @Override
    public void execute(DelegateExecution execution) {
        syncs.resolve(execution.getProcessInstanceId(), (String) execution.getVariable(ServiceSyncProcess.DECISION),
                (String) execution.getVariable(ServiceSyncProcess.COMMENT));
    }
}
