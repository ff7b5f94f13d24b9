package com.hostflow.workflow;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.services.NoModuleAvailableException;
import com.hostflow.services.ServiceOrders;

/**
 * Task_ChooseModule: picks the module that opens the service (checking its connection); none is the business error
 * Err_NoModuleAvailable.
 */
@Component
@CallsOtherSystem
public class ChooseModuleAdapter implements JavaDelegate {

    private final ServiceOrders orders;

    public ChooseModuleAdapter(ServiceOrders orders) {
        this.orders = orders;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long serviceId = ((Number) execution.getVariable(ServiceOrderProcess.SERVICE_ID)).longValue();
        try {
            orders.chooseModule(serviceId);
        } catch (NoModuleAvailableException e) {
            throw new BpmnError(ServiceOrderProcess.ERR_NO_MODULE, e.getMessage());
        }
    }
}
