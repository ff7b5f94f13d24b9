package com.hostflow.lifecycle.order;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_CancelPaidOrder: deleted while it was being set up; what was opened is closed, the money goes back. */
@Component
public class CancelPaidOrderAdapter implements JavaDelegate {

    private final ServiceOrders orders;

    public CancelPaidOrderAdapter(ServiceOrders orders) {
        this.orders = orders;
    }

    @Override
    public void execute(DelegateExecution execution) {
        orders.cancelAfterSetUp(OrderVariables.serviceId(execution), OrderVariables.orderId(execution));
    }
}
