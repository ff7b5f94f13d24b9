package com.hostflow.lifecycle.moduleoperation;

import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.EXTERNAL_ID;

import org.camunda.bpm.engine.impl.form.validator.FormFieldValidator;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidatorContext;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidatorException;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.DepartmentDecision;

/**
 * Validator of the {@code decision} field of Task_HandleFailedOperation ({@code camunda:constraint name="validator"
 * config="${departmentDecisionValidator}"}): a decision must be chosen, and skipping an open needs the external id
 * of what was set up by hand. Tasklist shows the message beside the form.
 */
@Component
public class DepartmentDecisionValidator implements FormFieldValidator {

    @Override
    public boolean validate(Object submittedValue, FormFieldValidatorContext context) {
        String problem = problem(submittedValue == null ? null : submittedValue.toString(),
                (String) context.getVariableScope().getVariable(ModuleOperationProcess.OPERATION),
                context.getSubmittedValues().get(EXTERNAL_ID));
        if (problem != null) {
            throw new FormFieldValidatorException(ModuleOperationProcess.DECISION, "Decision",
                    context.getConfiguration(), submittedValue, problem);
        }
        return true;
    }

    /** Why the answer cannot be taken, or null. Also checked when the task is completed without its form. */
    static String problem(String decision, String operation, Object externalId) {
        DepartmentDecision chosen;
        try {
            chosen = DepartmentDecision.of(decision);
        } catch (IllegalArgumentException e) {
            return "choose Retry, Skip or Abort";
        }
        if (chosen == DepartmentDecision.SKIP && openWithoutExternalId(operation, externalId)) {
            return "skipping an open needs the external id (e.g. the VM id) of what you set up by hand";
        }
        return null;
    }

    /** An open done by hand names what it set up: the service's later operations find it by that id. */
    static boolean openWithoutExternalId(String operation, Object externalId) {
        return "open".equals(operation) && (externalId == null || externalId.toString().isBlank());
    }
}
