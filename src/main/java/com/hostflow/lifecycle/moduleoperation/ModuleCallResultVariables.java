package com.hostflow.lifecycle.moduleoperation;

import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.DEPARTMENT_KEY;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.ERROR_CODE;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.INSTRUCTIONS;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.MODULE_HANDLE;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.MODULE_MESSAGE;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.MODULE_OUTCOME;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.POLLS;
import static com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess.TECHNICAL_FAILURES;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import com.hostflow.lifecycle.moduleoperation.ModuleCallResult.Kind;

/** Maps a module call's result onto the few variables the gateways and forms of ModuleOperationProcess read. */
final class ModuleCallResultVariables {

    private ModuleCallResultVariables() {
    }

    /**
     * @param task   the external task the call answers, whose variables hold the counters so far
     * @param polled whether the call was a poll (counts towards the poll backoff) or a fresh call
     */
    static Map<String, Object> of(ModuleCallResult result, LockedExternalTask task, boolean polled) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(MODULE_OUTCOME, result.kind().name());
        variables.put(DEPARTMENT_KEY, result.departmentKey());
        variables.put(MODULE_HANDLE, result.kind() == Kind.PENDING ? result.handle() : null);
        variables.put(TECHNICAL_FAILURES, result.kind() == Kind.TECHNICAL_FAILURE
                ? count(task, TECHNICAL_FAILURES) + 1 : 0);
        variables.put(POLLS, polled ? count(task, POLLS) + 1 : 0);
        if (result.errorCode() != null) {
            variables.put(ERROR_CODE, result.errorCode());
        }
        if (result.message() != null) {
            variables.put(result.kind() == Kind.MANUAL_WORK ? INSTRUCTIONS : MODULE_MESSAGE, result.message());
        }
        return variables;
    }

    private static int count(LockedExternalTask task, String name) {
        Object value = task.getVariables().get(name);
        return value == null ? 0 : ((Number) value).intValue();
    }
}
