package com.hostflow.lifecycle;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * What the end listeners that give back HostFlow's bookkeeping read from an ending instance. An admin may have
 * changed or deleted its variables in Cockpit; a listener that failed on them would make the instance impossible to
 * cancel, so they fall back to the business key (the service id of every per-service process).
 */
public final class EndingInstances {

    private EndingInstances() {
    }

    /** The service id: the {@code serviceId} variable when it is a number, else the business key; null if neither. */
    public static Long serviceId(DelegateExecution execution) {
        if (execution.getVariable("serviceId") instanceof Number number) {
            return number.longValue();
        }
        String businessKey = execution.getProcessBusinessKey();
        if (businessKey != null && businessKey.matches("\\d{1,18}")) {
            return Long.parseLong(businessKey);
        }
        return null;
    }

    /** A string variable, or null when it is missing or not a string. */
    public static String string(DelegateExecution execution, String name) {
        return execution.getVariable(name) instanceof String value ? value : null;
    }
}
