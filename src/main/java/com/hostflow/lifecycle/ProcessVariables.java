package com.hostflow.lifecycle;

import java.util.Set;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * Reads the ids a process carries. A variable every path of a model sets is missing only when another transaction
 * ended the instance while this one ran it (a withdrawal ending a deletion as its timer fired, a payment reaching an
 * order that its deadline cancelled): the engine had read the execution, its variables were gone. That is a lost
 * race, reported as the engine's {@link OptimisticLockingException} so that it is run again like one
 * ({@link ConcurrentChanges}); it was a NullPointerException, a spent job retry and an ERROR in the log. A model
 * that really lacks the variable fails the same way every time, and so still ends as an incident naming it.
 */
public final class ProcessVariables {

    /**
     * The variables by which HostFlow's delegates and models find their rows: the service, the order, the module
     * operation and its key, the parameter change, the notification, the drift. A process whose {@code serviceId} an
     * admin re-pointed acts on another service; these are set when a process starts and never changed by hand
     * ({@code EngineRestIdentityVariables}).
     */
    public static final Set<String> IDENTITY = Set.of("serviceId", "orderId", "operation", "operationKey",
            "changeKey", "notificationId", "driftId");

    private ProcessVariables() {
    }

    /** The number variable {@code name} as a long. */
    public static long requiredLong(VariableScope scope, String name) {
        Object value = scope.getVariable(name);
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value == null) {
            String instance = scope instanceof DelegateExecution execution ? execution.getProcessInstanceId() : "?";
            throw new OptimisticLockingException("variable '" + name + "' of process instance " + instance
                    + " is gone: the instance ended while this ran");
        }
        throw new IllegalStateException("variable '" + name + "' is " + value.getClass().getSimpleName() + ", not a"
                + " number");
    }
}
