package com.hostflow.lifecycle.order;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_CancelOrder: nobody paid in time. */
@Component
public class CancelOrderAdapter implements JavaDelegate {

    private final ServiceOrders orders;

    public CancelOrderAdapter(ServiceOrders orders) {
        this.orders = orders;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = ((Number) execution.getVariable(ServiceOrderProcess.SERVICE_ID)).longValue();
        long orderId = ((Number) execution.getVariable(ServiceOrderProcess.ORDER_ID)).longValue();
        orders.cancelUnpaid(serviceId, orderId);
    }
}
