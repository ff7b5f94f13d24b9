package com.hostflow.lifecycle.suspension;

import org.camunda.bpm.engine.delegate.VariableScope;

import com.hostflow.lifecycle.ProcessVariables;
import com.hostflow.services.SuspensionReason;

/** The inputs every step of ServiceSuspensionProcess works with. */
final class SuspensionVariables {

    private SuspensionVariables() {
    }

    static long serviceId(VariableScope execution) {
        return ProcessVariables.requiredLong(execution, ServiceSuspensionProcess.SERVICE_ID);
    }

    static SuspensionReason reason(VariableScope execution) {
        return SuspensionReason.valueOf((String) execution.getVariable(ServiceSuspensionProcess.REASON));
    }
}
