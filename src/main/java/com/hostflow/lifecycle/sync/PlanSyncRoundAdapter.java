package com.hostflow.lifecycle.sync;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_PlanSyncRound: the round looks at every live service, from the first id on. */
@Component
public class PlanSyncRoundAdapter implements JavaDelegate {

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(ServiceSyncProcess.LAST_SERVICE_ID, 0L);
    }
}
