package com.hostflow.lifecycle.order;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.ProcessStartCheck;
import com.hostflow.lifecycle.ProcessVariables;

/**
 * A ServiceOrderProcess starts only for an order that waits for its first payment and has no order process yet
 * ({@link ServiceOrders#checkOrderedOnce}), checked when the instance starts: checked in its first step, a start by
 * hand that began at a later activity (Task_OpenInModule: a second VM for an ACTIVE service; Task_CancelPaidOrder:
 * its paid order refunded while it runs) skipped it.
 */
@Component
class OrderedOnceAtStart implements ProcessStartCheck {

    private final ServiceOrders orders;

    OrderedOnceAtStart(ServiceOrders orders) {
        this.orders = orders;
    }

    @Override
    public String processKey() {
        return ServiceOrderProcess.KEY;
    }

    @Override
    public void check(DelegateExecution execution) {
        orders.checkOrderedOnce(ProcessVariables.requiredLong(execution, ServiceOrderProcess.ORDER_ID),
                ProcessVariables.requiredLong(execution, ServiceOrderProcess.SERVICE_ID),
                execution.getProcessBusinessKey(), execution.getProcessInstanceId());
    }
}
