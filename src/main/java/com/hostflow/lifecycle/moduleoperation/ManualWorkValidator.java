package com.hostflow.lifecycle.moduleoperation;

import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.EXTERNAL_ID;

import org.camunda.bpm.engine.impl.form.validator.FormFieldValidator;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidatorContext;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidatorException;
import org.springframework.stereotype.Component;

/**
 * Validator of the {@code externalId} field of Task_DoManualWork ({@code camunda:constraint name="validator"
 * config="${manualWorkValidator}"}): an open done by hand needs the external id of what was set up, as skipping a
 * failed open does. Tasklist shows the message beside the form.
 */
@Component
public class ManualWorkValidator implements FormFieldValidator {

    @Override
    public boolean validate(Object submittedValue, FormFieldValidatorContext context) {
        String operation = (String) context.getVariableScope().getVariable(ModuleOperationProcess.OPERATION);
        if (DepartmentDecisionValidator.openWithoutExternalId(operation, submittedValue)) {
            throw new FormFieldValidatorException(EXTERNAL_ID, "External id", context.getConfiguration(),
                    submittedValue, "an open done by hand needs the external id (e.g. the VM id) of what you set up");
        }
        return true;
    }
}
