package com.hostflow.lifecycle;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_TakeServiceTurn of the processes that change a service: takes the service's lane or waits in line. */
@Component
public class TakeServiceTurnAdapter implements JavaDelegate {

    /** set on the execution: whether the lane is this process's now */
    public static final String TURN_TAKEN = "turnTaken";

    private final ServiceLanes lanes;

    public TakeServiceTurnAdapter(ServiceLanes lanes) {
        this.lanes = lanes;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = ProcessVariables.requiredLong(execution, "serviceId");
        GatewayFacts.report(execution, TURN_TAKEN, lanes.take(serviceId, execution.getProcessInstanceId()));
    }
}
