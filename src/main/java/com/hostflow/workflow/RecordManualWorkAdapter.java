package com.hostflow.workflow;

import static com.hostflow.workflow.ModuleOperationProcess.COMMENT;
import static com.hostflow.workflow.ModuleOperationProcess.EXTERNAL_ID;
import static com.hostflow.workflow.ModuleOperationProcess.IP_ADDRESSES;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.services.ModuleOperations;

/** Task_RecordManualWork: puts what the department entered (external id, IPs, comment) on the service. */
@Component
public class RecordManualWorkAdapter implements JavaDelegate {

    private final ModuleOperations operations;

    public RecordManualWorkAdapter(ModuleOperations operations) {
        this.operations = operations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ModuleOperationVariables op = ModuleOperationVariables.of(execution);
        operations.recordManualWork(op.serviceId(), op.operation(), op.operationKey(),
                (String) execution.getVariable(EXTERNAL_ID), (String) execution.getVariable(IP_ADDRESSES),
                (String) execution.getVariable(COMMENT));
    }
}
