package com.hostflow.lifecycle.deletion;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.EndingInstances;

/**
 * End of ServiceDeletionProcess, however it ends: a deletion that ends without deleting the service (cancelled in
 * Cockpit while it waits for the end of the paid period, for the service's turn or for the module) takes its
 * {@code delete_at} with it, so the service is prolonged, changed and deleted again as if it had never been asked
 * for. A deletion that deleted the service, or gave up and kept it (Task_KeepService), leaves nothing to undo.
 */
@Component
public class DeletionEndedListener implements ExecutionListener {

    private final ServiceDeletions deletions;

    public DeletionEndedListener(ServiceDeletions deletions) {
        this.deletions = deletions;
    }

    @Override
    public void notify(DelegateExecution execution) {
        Long serviceId = EndingInstances.serviceId(execution);
        if (serviceId != null) {
            deletions.ended(serviceId, execution.getProcessInstanceId());
        }
    }
}
