package com.hostflow.credentials;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.GatewayFacts;
import com.hostflow.lifecycle.ProcessVariables;

/**
 * Task_ReadWhetherBeingDeleted of ServicePasswordResetProcess: once the module changed the password, reports
 * {@code beingDeleted} for the gateway that decides whether the client is told.
 */
@Component
public class ReadResetServiceStateAdapter implements JavaDelegate {

    private final ServicePasswordResets resets;

    public ReadResetServiceStateAdapter(ServicePasswordResets resets) {
        this.resets = resets;
    }

    @Override
    public void execute(DelegateExecution execution) {
        GatewayFacts.report(execution, ServicePasswordResetProcess.BEING_DELETED, resets.beingDeleted(
                ProcessVariables.requiredLong(execution, ServicePasswordResetProcess.SERVICE_ID)));
    }
}
