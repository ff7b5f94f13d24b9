package com.hostflow.lifecycle.moduleoperation;

import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.MODULE_CHOSEN;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.MODULE_HANDLE;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.OPERATION;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.OPERATION_KEY;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.SERVICE_ID;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import com.hostflow.lifecycle.ExternalTaskCompletion;
import com.hostflow.lifecycle.ExternalTaskHandler;
import com.hostflow.lifecycle.moduleoperation.ModuleCallResult.Kind;
import com.hostflow.lifecycle.moduleoperation.ModuleOperations.Answer;
import com.hostflow.lifecycle.moduleoperation.ModuleOperations.ModuleCall;
import com.hostflow.modules.ModuleOperation;

/**
 * Task_CallModule (topic {@code module-call}) and Task_PollModule (topic {@code module-poll}): one attempt of the
 * operation on the service's processing module, or one look at a pending one.
 */
class ModuleCallHandler implements ExternalTaskHandler {

    static final String CALL_TOPIC = "module-call";
    static final String POLL_TOPIC = "module-poll";

    private final ModuleOperations operations;
    private final boolean poll;
    private final boolean lookAtOnce;

    /** @param lookAtOnce a fresh call answered "pending" is polled once more at once (ModuleOperationSettings) */
    ModuleCallHandler(ModuleOperations operations, boolean poll, boolean lookAtOnce) {
        this.operations = operations;
        this.poll = poll;
        this.lookAtOnce = lookAtOnce;
    }

    @Override
    public String topic() {
        return poll ? POLL_TOPIC : CALL_TOPIC;
    }

    @Override
    public List<String> variables() {
        return Stream.concat(Stream.of(SERVICE_ID, OPERATION, OPERATION_KEY, MODULE_CHOSEN),
                ModuleCallResultVariables.NAMES.stream()).toList();
    }

    @Override
    public void handle(LockedExternalTask task, ExternalTaskCompletion completion) {
        ModuleOperationVariables op = ModuleOperationVariables.of(task.getVariables());
        ModuleCall call = operations.prepare(op.serviceId(), op.operation(), op.operationKey());
        Answer answer;
        try {
            answer = poll ? call.invoke((String) task.getVariables().get(MODULE_HANDLE))
                    : lookAtOnce ? call.invokeAndLook() : call.invoke(null);
        } catch (RuntimeException e) {
            operations.recordCrash(call, e);
            throw e;
        }
        try {
            complete(task, completion, op, call, answer);
        } catch (NotFoundException e) {
            // the process was cancelled (in Cockpit) while the module was called: no one waits for the answer
            operations.answerLost(call, answer);
        }
    }

    private void complete(LockedExternalTask task, ExternalTaskCompletion completion, ModuleOperationVariables op,
            ModuleCall call, Answer answer) {
        completion.complete(task, () -> {
            ModuleCallResult result = operations.finish(call, answer);
            Map<String, Object> variables = ModuleCallResultVariables.of(result, task.getVariables(), poll);
            if (result.kind() != Kind.COMPLETED && ModuleOperation.OPEN.feature().equals(op.operation())
                    && !Boolean.TRUE.equals(task.getVariables().get(MODULE_CHOSEN))) {
                // a retry loops back to Gateway_ModuleChosen, which must find the module chosen: the selection told
                // only the gateway right after it
                variables.put(MODULE_CHOSEN, true);
            }
            return variables;
        });
    }
}
