package com.hostflow.lifecycle.moduleoperation;

import java.util.Objects;

import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleTechnicalException;

/**
 * What one module call or poll came to, reduced to what ModuleOperationProcess routes on.
 *
 * @param handle        for {@link Kind#PENDING}: what to poll with
 * @param errorCode     for {@link Kind#REJECTED} and {@link Kind#TECHNICAL_FAILURE}: the module's error code
 * @param message       the module's message or, for {@link Kind#MANUAL_WORK}, the instructions for staff
 * @param departmentKey the Camunda group of the module's department, which gets the tasks of this operation
 */
public record ModuleCallResult(Kind kind, String handle, String errorCode, String message, String departmentKey) {

    /** what a secret in the module's words is replaced with */
    static final String HIDDEN = "[hidden]";

    public enum Kind {
        COMPLETED, PENDING, REJECTED, MANUAL_WORK, TECHNICAL_FAILURE
    }

    /** The module's answer (or its technical failure) as the process sees it. */
    public static ModuleCallResult of(ModuleOutcome outcome, ModuleTechnicalException failure, String departmentKey) {
        if (failure != null) {
            return new ModuleCallResult(Kind.TECHNICAL_FAILURE, null, failure.code(), failure.getMessage(),
                    departmentKey);
        }
        if (outcome instanceof ModuleOutcome.Pending pending) {
            return new ModuleCallResult(Kind.PENDING, pending.handle(), null, null, departmentKey);
        }
        if (outcome instanceof ModuleOutcome.Rejected rejected) {
            return new ModuleCallResult(Kind.REJECTED, null, rejected.code(), rejected.message(), departmentKey);
        }
        if (outcome instanceof ModuleOutcome.ManualWork manual) {
            return new ModuleCallResult(Kind.MANUAL_WORK, null, null, manual.instructions(), departmentKey);
        }
        return new ModuleCallResult(Kind.COMPLETED, null, null, null, departmentKey);
    }

    /**
     * The same result with each of {@code secrets} (the passwords the call carried, the module's own) hidden in the
     * module's words: a module that echoes a password it refused ("password 'x' is too weak") must not put it into
     * the journal, the process, the service's refusals, the pages or the admins' mail. A NUL character goes too:
     * PostgreSQL cannot store it, and the module's answer could never be journaled (the call failed again and again).
     */
    ModuleCallResult hiding(String... secrets) {
        String hidden = message == null ? null : message.replace("\u0000", "");
        for (String secret : secrets) {
            if (hidden != null && secret != null && !secret.isBlank()) {
                hidden = hidden.replace(secret, HIDDEN);
            }
        }
        return Objects.equals(hidden, message) ? this
                : new ModuleCallResult(kind, handle, errorCode, hidden, departmentKey);
    }

    /** The line the service's operation journal shows for this result. */
    String journalMessage() {
        return switch (kind) {
            case COMPLETED -> null;
            case PENDING -> "waiting for " + handle;
            case MANUAL_WORK -> message;
            case REJECTED, TECHNICAL_FAILURE -> errorCode + ": " + message;
        };
    }
}
