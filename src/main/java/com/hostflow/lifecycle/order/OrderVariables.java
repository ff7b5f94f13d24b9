package com.hostflow.lifecycle.order;

import org.camunda.bpm.engine.delegate.VariableScope;

/** The ids every step of ServiceOrderProcess works with. */
final class OrderVariables {

    private OrderVariables() {
    }

    static long serviceId(VariableScope execution) {
        return ((Number) execution.getVariable(ServiceOrderProcess.SERVICE_ID)).longValue();
    }

    static long orderId(VariableScope execution) {
        return ((Number) execution.getVariable(ServiceOrderProcess.ORDER_ID)).longValue();
    }
}
