package com.hostflow.lifecycle.prolongation;

import org.camunda.bpm.engine.delegate.VariableScope;

import com.hostflow.lifecycle.ProcessVariables;

/** The inputs every step of ServiceProlongationProcess works with. */
final class ProlongationVariables {

    private ProlongationVariables() {
    }

    static long serviceId(VariableScope execution) {
        return ProcessVariables.requiredLong(execution, ServiceProlongationProcess.SERVICE_ID);
    }
}
