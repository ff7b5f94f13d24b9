package com.hostflow.lifecycle.moduleoperation;

import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.MODULE_CHOSEN;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.OPERATION;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.OPERATION_KEY;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.SERVICE_ID;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.ExternalTaskCompletion;
import com.hostflow.lifecycle.ExternalTaskHandler;
import com.hostflow.lifecycle.GatewayFacts;
import com.hostflow.lifecycle.moduleoperation.ModuleOperations.SelectionCall;
import com.hostflow.modules.ModuleSelector.Selection;

/**
 * Task_ChooseModule (topic {@code module-selection}): the tariff's modules are tried by sort order with their
 * connection checks; the first that answers opens the service.
 */
@Component
class ModuleSelectionHandler implements ExternalTaskHandler {

    static final String TOPIC = "module-selection";

    private final ModuleOperations operations;

    ModuleSelectionHandler(ModuleOperations operations) {
        this.operations = operations;
    }

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public List<String> variables() {
        return Stream.concat(Stream.of(SERVICE_ID, OPERATION, OPERATION_KEY, MODULE_CHOSEN),
                ModuleCallResultVariables.NAMES.stream()).toList();
    }

    @Override
    public void handle(LockedExternalTask task, ExternalTaskCompletion completion) {
        ModuleOperationVariables op = ModuleOperationVariables.of(task.getVariables());
        SelectionCall call = operations.prepareSelection(op.serviceId(), op.operationKey());
        Selection selection = operations.select(call);
        completion.complete(task, () -> {
            Map<String, Object> variables = ModuleCallResultVariables.of(operations.finishSelection(call, selection),
                    task.getVariables(), false);
            // the gateway after this task reads the outcome; moduleChosen is read only when a retry loops back, and
            // a call that leads to one stores it then (ModuleCallHandler)
            GatewayFacts.report(variables, task.getVariables(), MODULE_CHOSEN, selection.module().isPresent());
            return variables;
        });
    }
}
