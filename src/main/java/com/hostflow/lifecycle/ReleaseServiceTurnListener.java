package com.hostflow.lifecycle;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/** End of a process that changes a service, however it ends: the service's lane goes to the next in line. */
@Component
public class ReleaseServiceTurnListener implements ExecutionListener {

    private final ServiceLanes lanes;

    public ReleaseServiceTurnListener(ServiceLanes lanes) {
        this.lanes = lanes;
    }

    @Override
    public void notify(DelegateExecution execution) {
        lanes.release(execution.getProcessInstanceId());
    }
}
