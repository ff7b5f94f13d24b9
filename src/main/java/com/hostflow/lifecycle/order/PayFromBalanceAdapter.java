package com.hostflow.lifecycle.order;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.GatewayFacts;

/** Task_PayFromBalance: pays the order when the balance covers it. */
@Component
public class PayFromBalanceAdapter implements JavaDelegate {

    private final ServiceOrders orders;

    public PayFromBalanceAdapter(ServiceOrders orders) {
        this.orders = orders;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long orderId = ((Number) execution.getVariable(ServiceOrderProcess.ORDER_ID)).longValue();
        // read only by the gateway right after this task
        GatewayFacts.report(execution, ServiceOrderProcess.PAID, orders.payFromBalance(orderId));
    }
}
