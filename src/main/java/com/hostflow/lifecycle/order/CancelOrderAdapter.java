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
        orders.cancelUnpaid(OrderVariables.serviceId(execution), OrderVariables.orderId(execution));
    }
}
