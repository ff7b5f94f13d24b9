package com.hostflow.lifecycle.order;

import org.camunda.bpm.engine.delegate.VariableScope;

import com.hostflow.lifecycle.ProcessVariables;

/** The ids every step of ServiceOrderProcess works with. */
final class OrderVariables {

    private OrderVariables() {
    }

    static long serviceId(VariableScope execution) {
        return ProcessVariables.requiredLong(execution, ServiceOrderProcess.SERVICE_ID);
    }

    static long orderId(VariableScope execution) {
        return ProcessVariables.requiredLong(execution, ServiceOrderProcess.ORDER_ID);
    }
}
