package com.hostflow.lifecycle.order;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.EndingInstances;

/**
 * End of ServiceOrderProcess, however it ends: an order cancelled in Cockpit (or whose called module operation was)
 * does not leave its service ORDERED or PROCESSING for good, nor a VM at the module
 * ({@link ServiceOrders#endedUnfinished}). Every end of the model leaves the service ACTIVE, FAILED or DELETED, so
 * this does nothing then.
 */
@Component
public class OrderEndedListener implements ExecutionListener {

    private final ServiceOrders orders;

    public OrderEndedListener(ServiceOrders orders) {
        this.orders = orders;
    }

    @Override
    public void notify(DelegateExecution execution) {
        Long serviceId = EndingInstances.serviceId(execution);
        if (serviceId != null) {
            orders.endedUnfinished(serviceId, execution.getProcessInstanceId());
        }
    }
}
