package com.hostflow.lifecycle.moduleoperation;

import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.OPERATION;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.OPERATION_KEY;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.SERVICE_ID;

import java.util.Map;

import org.camunda.bpm.engine.delegate.VariableScope;

import com.hostflow.lifecycle.ProcessVariables;

/** The three inputs every step of ModuleOperationProcess works with. */
record ModuleOperationVariables(long serviceId, String operation, String operationKey) {

    static ModuleOperationVariables of(VariableScope execution) {
        return new ModuleOperationVariables(ProcessVariables.requiredLong(execution, SERVICE_ID),
                (String) execution.getVariable(OPERATION), (String) execution.getVariable(OPERATION_KEY));
    }

    static ModuleOperationVariables of(Map<String, Object> variables) {
        return new ModuleOperationVariables(((Number) variables.get(SERVICE_ID)).longValue(),
                (String) variables.get(OPERATION), (String) variables.get(OPERATION_KEY));
    }
}
