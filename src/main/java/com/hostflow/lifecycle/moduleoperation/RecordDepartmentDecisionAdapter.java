package com.hostflow.lifecycle.moduleoperation;

import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.COMMENT;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.DECISION;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.EXTERNAL_ID;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.IP_ADDRESSES;

import java.util.Objects;

import org.camunda.bpm.engine.BadUserRequestException;
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
        String decision = text(execution, DECISION);
        String problem = DepartmentDecisionValidator.problem(decision, op.operation(),
                execution.getVariable(EXTERNAL_ID));
        if (problem != null) {
            // a completion without the form (the engine's REST API): refused, the task stays open; the engine REST
            // answers a BadUserRequestException 400 with this message (an IllegalArgumentException got its generic
            // "the request is missing a required part" instead)
            throw new BadUserRequestException("decision: " + problem);
        }
        String comment = text(execution, COMMENT);
        switch (DepartmentDecision.of(decision)) {
            case RETRY -> operations.recordDepartmentDecision(op.serviceId(), op.operation(), op.operationKey(),
                    OperationOutcome.RETRY_CHOSEN, comment);
            case SKIP -> {
                EnteredByHand.check(text(execution, EXTERNAL_ID), text(execution, IP_ADDRESSES));
                operations.recordSkipped(op.serviceId(), op.operation(), op.operationKey(),
                        text(execution, EXTERNAL_ID), text(execution, IP_ADDRESSES), comment);
            }
            case ABORT -> operations.recordDepartmentDecision(op.serviceId(), op.operation(), op.operationKey(),
                    OperationOutcome.ABORTED, comment);
        }
    }

    /**
     * A variable as text: the engine REST lets a completion send any type ({@code "externalId":{"value":42,
     * "type":"Long"}}), which a cast to String refused with a ClassCastException.
     */
    private static String text(DelegateExecution execution, String name) {
        return Objects.toString(execution.getVariable(name), null);
    }
}
