package com.hostflow.lifecycle.sync;

import java.util.Objects;

import org.camunda.bpm.engine.BadUserRequestException;
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
        String decision = Objects.toString(execution.getVariable(ServiceSyncProcess.DECISION), null);
        if (!"fixed".equals(decision) && !"leave".equals(decision) && !"deleted".equals(decision)) {
            // a completion of the task without its form (the engine's REST API): refused, the task stays open
            throw new BadUserRequestException("decision: choose fixed (I put it right in the module) or leave"
                    + " (leave it as it is), not " + (decision == null ? "nothing" : "'" + decision + "'"));
        }
        syncs.resolve(execution.getProcessInstanceId(), decision,
                Objects.toString(execution.getVariable(ServiceSyncProcess.COMMENT), null));
    }
}
