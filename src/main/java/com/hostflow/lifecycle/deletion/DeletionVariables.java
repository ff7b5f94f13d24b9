package com.hostflow.lifecycle.deletion;

import org.camunda.bpm.engine.delegate.VariableScope;

import com.hostflow.lifecycle.ProcessVariables;

final class DeletionVariables {

    private DeletionVariables() {
    }

    static long serviceId(VariableScope execution) {
        return ProcessVariables.requiredLong(execution, ServiceDeletionProcess.SERVICE_ID);
    }
}
