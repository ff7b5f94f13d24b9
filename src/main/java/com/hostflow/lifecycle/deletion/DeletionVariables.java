package com.hostflow.lifecycle.deletion;

import org.camunda.bpm.engine.delegate.VariableScope;

final class DeletionVariables {

    private DeletionVariables() {
    }

    static long serviceId(VariableScope execution) {
        return ((Number) execution.getVariable(ServiceDeletionProcess.SERVICE_ID)).longValue();
    }
}
