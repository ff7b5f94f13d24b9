package com.hostflow.lifecycle.prolongation;

import org.camunda.bpm.engine.delegate.VariableScope;

/** The inputs every step of ServiceProlongationProcess works with. */
final class ProlongationVariables {

    private ProlongationVariables() {
    }

    static long serviceId(VariableScope execution) {
        return ((Number) execution.getVariable(ServiceProlongationProcess.SERVICE_ID)).longValue();
    }
}
