package com.hostflow.workflow;

import static com.hostflow.workflow.ModuleOperationProcess.OPERATION;
import static com.hostflow.workflow.ModuleOperationProcess.OPERATION_KEY;
import static com.hostflow.workflow.ModuleOperationProcess.SERVICE_ID;

import org.camunda.bpm.engine.delegate.VariableScope;

/** The three inputs every step of ModuleOperationProcess works with. */
record ModuleOperationVariables(long serviceId, String operation, String operationKey) {

    static ModuleOperationVariables of(VariableScope execution) {
        return new ModuleOperationVariables(((Number) execution.getVariable(SERVICE_ID)).longValue(),
                (String) execution.getVariable(OPERATION), (String) execution.getVariable(OPERATION_KEY));
    }
}
