package com.hostflow.lifecycle.prolongation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.EndingInstances;

/** End of ServiceProlongationProcess, however it ends: the service may be prolonged again. */
@Component
public class ProlongationEndedListener implements ExecutionListener {

    private final ServiceProlongations prolongations;

    public ProlongationEndedListener(ServiceProlongations prolongations) {
        this.prolongations = prolongations;
    }

    @Override
    public void notify(DelegateExecution execution) {
        // an admin may have changed the variables in Cockpit: a listener that threw here made the instance
        // impossible to cancel (the engine REST answered 400 to the cancel, a client's prolongation 500)
        Long serviceId = EndingInstances.serviceId(execution);
        String claim = EndingInstances.string(execution, ServiceProlongationProcess.CLAIM);
        if (serviceId != null && claim != null) {
            prolongations.release(serviceId, claim);
        }
    }
}
