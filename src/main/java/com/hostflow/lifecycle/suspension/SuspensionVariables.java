package com.hostflow.lifecycle.suspension;

import org.camunda.bpm.engine.delegate.VariableScope;

import com.hostflow.services.SuspensionReason;

/** The inputs every step of ServiceSuspensionProcess works with. */
final class SuspensionVariables {

    private SuspensionVariables() {
    }

    static long serviceId(VariableScope execution) {
        return ((Number) execution.getVariable(ServiceSuspensionProcess.SERVICE_ID)).longValue();
    }

    static SuspensionReason reason(VariableScope execution) {
        return SuspensionReason.valueOf((String) execution.getVariable(ServiceSuspensionProcess.REASON));
    }
}
