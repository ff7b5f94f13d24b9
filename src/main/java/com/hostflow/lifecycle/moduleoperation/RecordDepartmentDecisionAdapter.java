package com.hostflow.lifecycle.moduleoperation;

import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.COMMENT;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.DECISION;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.DepartmentDecision;
import com.hostflow.services.OperationOutcome;

/** Task_RecordDepartmentDecision: journals the department's retry / skip / abort. */
@Component
public class RecordDepartmentDecisionAdapter implements JavaDelegate {

    private final ModuleOperations operations;

    public RecordDepartmentDecisionAdapter(ModuleOperations operations) {
        this.operations = operations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ModuleOperationVariables op = ModuleOperationVariables.of(execution);
        OperationOutcome outcome = switch (DepartmentDecision.of((String) execution.getVariable(DECISION))) {
            case RETRY -> OperationOutcome.RETRY_CHOSEN;
            case SKIP -> OperationOutcome.SKIPPED;
            case ABORT -> OperationOutcome.ABORTED;
        };
        operations.recordDepartmentDecision(op.serviceId(), op.operation(), op.operationKey(), outcome,
                (String) execution.getVariable(COMMENT));
    }
}
