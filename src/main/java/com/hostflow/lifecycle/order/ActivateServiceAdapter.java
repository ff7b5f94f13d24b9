package com.hostflow.lifecycle.order;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_ActivateService: the service runs and the order is done. */
@Component
public class ActivateServiceAdapter implements JavaDelegate {

    private final ServiceOrders orders;

    public ActivateServiceAdapter(ServiceOrders orders) {
        this.orders = orders;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = ((Number) execution.getVariable(ServiceOrderProcess.SERVICE_ID)).longValue();
        long orderId = ((Number) execution.getVariable(ServiceOrderProcess.ORDER_ID)).longValue();
        orders.activate(serviceId, orderId);
    }
}
