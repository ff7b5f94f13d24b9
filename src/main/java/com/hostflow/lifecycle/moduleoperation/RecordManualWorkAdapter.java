package com.hostflow.lifecycle.moduleoperation;

import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.COMMENT;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.EXTERNAL_ID;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.IP_ADDRESSES;

import java.util.Objects;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

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
        EnteredByHand.check(text(execution, EXTERNAL_ID), text(execution, IP_ADDRESSES));
        operations.recordManualWork(op.serviceId(), op.operation(), op.operationKey(),
                text(execution, EXTERNAL_ID), text(execution, IP_ADDRESSES), text(execution, COMMENT));
    }

    /** A variable as text: a completion through the engine REST may send a number ({@code "type":"Long"}). */
    private static String text(DelegateExecution execution, String name) {
        return Objects.toString(execution.getVariable(name), null);
    }
}
