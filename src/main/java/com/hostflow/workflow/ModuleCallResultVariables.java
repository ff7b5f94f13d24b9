package com.hostflow.workflow;

import static com.hostflow.workflow.ModuleOperationProcess.DEPARTMENT_KEY;
import static com.hostflow.workflow.ModuleOperationProcess.ERROR_CODE;
import static com.hostflow.workflow.ModuleOperationProcess.INSTRUCTIONS;
import static com.hostflow.workflow.ModuleOperationProcess.MODULE_HANDLE;
import static com.hostflow.workflow.ModuleOperationProcess.MODULE_OUTCOME;
import static com.hostflow.workflow.ModuleOperationProcess.TECHNICAL_FAILURES;

import org.camunda.bpm.engine.delegate.DelegateExecution;

import com.hostflow.services.ModuleCallResult;
import com.hostflow.services.ModuleCallResult.Kind;

/** Maps a module call's result onto the few variables the gateways of ModuleOperationProcess read. */
final class ModuleCallResultVariables {

    private ModuleCallResultVariables() {
    }

    static void apply(DelegateExecution execution, ModuleCallResult result) {
        execution.setVariable(MODULE_OUTCOME, result.kind().name());
        execution.setVariable(DEPARTMENT_KEY, result.departmentKey());
        execution.setVariable(MODULE_HANDLE, result.kind() == Kind.PENDING ? result.handle() : null);
        if (result.kind() == Kind.TECHNICAL_FAILURE) {
            Object failures = execution.getVariable(TECHNICAL_FAILURES);
            execution.setVariable(TECHNICAL_FAILURES, failures == null ? 1 : ((Number) failures).intValue() + 1);
        } else {
            execution.setVariable(TECHNICAL_FAILURES, 0);
        }
        if (result.errorCode() != null) {
            execution.setVariable(ERROR_CODE, result.errorCode());
        }
        if (result.kind() == Kind.MANUAL_WORK) {
            execution.setVariable(INSTRUCTIONS, result.message());
        }
    }
}
