package com.hostflow.lifecycle;

import java.util.Map;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * Facts a step reports for the gateway right after it ({@code paid}, {@code slotAcquired}, a module's answer that
 * ends the operation). When nothing beyond the next wait state reads a fact, it is a transient variable: the engine
 * keeps it in memory while it runs on and never writes it to ACT_RU_VARIABLE, which saves an insert, a delete and
 * their index and foreign-key work per fact. A fact already stored (by a path that reads it later, or by an instance
 * started before this) stays stored: the engine refuses to turn a stored variable into a transient one.
 */
public final class GatewayFacts {

    private GatewayFacts() {
    }

    /** Sets {@code name} on the execution, transient unless it is stored already. */
    public static void report(VariableScope execution, String name, Object value) {
        TypedValue existing = execution.getVariableTyped(name, false);
        boolean stored = existing != null && !existing.isTransient();
        execution.setVariable(name, stored ? value : Variables.untypedValue(value, true));
    }

    /**
     * Puts {@code name} in the variables an external task completes with, transient unless {@code fetched} (the
     * task's variables, fetched by name) shows it stored already.
     */
    public static void report(Map<String, Object> completion, Map<String, Object> fetched, String name, Object value) {
        completion.put(name, fetched.containsKey(name) ? value : Variables.untypedValue(value, true));
    }
}
