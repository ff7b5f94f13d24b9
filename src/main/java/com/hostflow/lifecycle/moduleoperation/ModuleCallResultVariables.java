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
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import com.hostflow.lifecycle.GatewayFacts;
import com.hostflow.lifecycle.moduleoperation.ModuleCallResult.Kind;

/** Maps a module call's result onto the few variables the gateways and forms of ModuleOperationProcess read. */
final class ModuleCallResultVariables {

    /** The variables an answer sets: the handlers fetch them all, so {@link #of} sees which are stored. */
    static final List<String> NAMES = List.of(MODULE_OUTCOME, DEPARTMENT_KEY, MODULE_HANDLE, TECHNICAL_FAILURES, POLLS,
            ERROR_CODE, MODULE_MESSAGE, INSTRUCTIONS);

    private ModuleCallResultVariables() {
    }

    /**
     * A COMPLETED answer ends the operation (after a selection: leads on to the call), so only the gateway right
     * after the task reads it: its facts are transient then, unless an earlier answer stored them (see {@link
     * GatewayFacts}). Every other answer leads to a wait (a poll, a retry, a department's task) whose steps read them
     * later, so they are stored.
     *
     * @param fetched the variables of the external task the call answers ({@link #NAMES} among them): the counters
     *                so far, and which of them are stored
     * @param polled  whether the call was a poll (counts towards the poll backoff) or a fresh call
     */
    static Map<String, Object> of(ModuleCallResult result, Map<String, Object> fetched, boolean polled) {
        Map<String, Object> variables = new HashMap<>();
        BiConsumer<String, Object> put = result.kind() == Kind.COMPLETED
                ? (name, value) -> GatewayFacts.report(variables, fetched, name, value)
                : variables::put;
        put.accept(MODULE_OUTCOME, result.kind().name());
        put.accept(DEPARTMENT_KEY, result.departmentKey());
        put.accept(MODULE_HANDLE, result.kind() == Kind.PENDING ? result.handle() : null);
        put.accept(TECHNICAL_FAILURES, technicalFailures(result.kind(), count(fetched, TECHNICAL_FAILURES)));
        put.accept(POLLS, polled ? count(fetched, POLLS) + 1 : 0);
        if (result.errorCode() != null) {
            put.accept(ERROR_CODE, result.errorCode());
        }
        if (result.message() != null) {
            put.accept(result.kind() == Kind.MANUAL_WORK ? INSTRUCTIONS : MODULE_MESSAGE, result.message());
        }
        return variables;
    }

    /**
     * Failures in a row. A pending answer does not end the row: an open that answers a failed poll by cleaning up
     * and starting over (VMmanager deletes a broken host first) would otherwise retry for ever.
     */
    static int technicalFailures(Kind kind, int before) {
        return switch (kind) {
            case TECHNICAL_FAILURE -> before + 1;
            case PENDING -> before;
            default -> 0;
        };
    }

    private static int count(Map<String, Object> fetched, String name) {
        Object value = fetched.get(name);
        return value == null ? 0 : ((Number) value).intValue();
    }
}
