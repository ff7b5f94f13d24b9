package com.hostflow.lifecycle.moduleoperation;

import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.COMMENT;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.DECISION;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.EXTERNAL_ID;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.IP_ADDRESSES;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.DepartmentDecision;
import com.hostflow.services.OperationOutcome;

/**
 * Task_RecordDepartmentDecision: journals the department's retry / skip / abort; a skip puts what was done by hand
 * (external id, addresses) on the service, as the manual work form does.
 */
@Component
public class RecordDepartmentDecisionAdapter implements JavaDelegate {

    private final ModuleOperations operations;

    public RecordDepartmentDecisionAdapter(ModuleOperations operations) {
        this.operations = operations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ModuleOperationVariables op = ModuleOperationVariables.of(execution);
        String decision = (String) execution.getVariable(DECISION);
        String problem = DepartmentDecisionValidator.problem(decision, op.operation(),
                execution.getVariable(EXTERNAL_ID));
        if (problem != null) {
            // a completion without the form (the engine's REST API): refused, the task stays open
            throw new IllegalArgumentException("decision: " + problem);
        }
        String comment = (String) execution.getVariable(COMMENT);
        switch (DepartmentDecision.of(decision)) {
            case RETRY -> operations.recordDepartmentDecision(op.serviceId(), op.operation(), op.operationKey(),
                    OperationOutcome.RETRY_CHOSEN, comment);
            case SKIP -> operations.recordSkipped(op.serviceId(), op.operation(), op.operationKey(),
                    (String) execution.getVariable(EXTERNAL_ID), (String) execution.getVariable(IP_ADDRESSES),
                    comment);
            case ABORT -> operations.recordDepartmentDecision(op.serviceId(), op.operation(), op.operationKey(),
                    OperationOutcome.ABORTED, comment);
        }
    }
}
