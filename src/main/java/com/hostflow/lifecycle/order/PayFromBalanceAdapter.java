package com.hostflow.lifecycle.order;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.GatewayFacts;
import com.hostflow.lifecycle.ProcessVariables;

/**
 * Task_PayFromBalance and Task_PayBeforeCancelling: pay the order when the balance covers it. An order left unpaid
 * gets its deadline ({@code payBefore}, the timer's date and the mail's), stored for Cockpit; an order paid at once,
 * nearly every one, never needs it and stores nothing. That the order is one no other order process has is checked
 * when the instance starts ({@link OrderedOnceAtStart}).
 */
@Component
public class PayFromBalanceAdapter implements JavaDelegate {

    private final ServiceOrders orders;

    public PayFromBalanceAdapter(ServiceOrders orders) {
        this.orders = orders;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long orderId = ProcessVariables.requiredLong(execution, ServiceOrderProcess.ORDER_ID);
        boolean paid = orders.payFromBalance(orderId);
        boolean deletedAlready = !paid && orders.deletedAlready(OrderVariables.serviceId(execution));
        if (!paid && !deletedAlready && !execution.hasVariable(ServiceOrderProcess.PAY_BEFORE)) {
            execution.setVariable(ServiceOrderProcess.PAY_BEFORE, orders.payBefore(orderId));
        }
        // read only by the gateways right after this task
        GatewayFacts.report(execution, ServiceOrderProcess.PAID, paid);
        GatewayFacts.report(execution, ServiceOrderProcess.DELETED_ALREADY, deletedAlready);
    }
}
