package com.hostflow.lifecycle.order;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_FailOrder: the service could not be opened; what was paid goes back. */
@Component
public class FailOrderAdapter implements JavaDelegate {

    private final ServiceOrders orders;

    public FailOrderAdapter(ServiceOrders orders) {
        this.orders = orders;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = ((Number) execution.getVariable(ServiceOrderProcess.SERVICE_ID)).longValue();
        long orderId = ((Number) execution.getVariable(ServiceOrderProcess.ORDER_ID)).longValue();
        orders.fail(serviceId, orderId);
    }
}
