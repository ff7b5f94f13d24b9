package com.hostflow.lifecycle.order;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.GatewayFacts;

/**
 * Task_CancelOrder: nobody paid in time, or the service is deleted. Reports whether a deletion of its own had deleted
 * the service already (the order's instance was suspended in Cockpit meanwhile), for Gateway_DeletedAlready.
 */
@Component
public class CancelOrderAdapter implements JavaDelegate {

    private final ServiceOrders orders;

    public CancelOrderAdapter(ServiceOrders orders) {
        this.orders = orders;
    }

    @Override
    public void execute(DelegateExecution execution) {
        boolean deletedAlready = orders.cancelUnpaid(OrderVariables.serviceId(execution),
                OrderVariables.orderId(execution));
        GatewayFacts.report(execution, ServiceOrderProcess.DELETED_ALREADY, deletedAlready);
    }
}
