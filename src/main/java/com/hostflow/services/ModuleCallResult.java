package com.hostflow.services;

/**
 * What one module call or poll came to, reduced to what ModuleOperationProcess routes on.
 *
 * @param handle        for {@link Kind#PENDING}: what to poll with
 * @param errorCode     for {@link Kind#REJECTED} and {@link Kind#TECHNICAL_FAILURE}: the module's error code
 * @param message       the module's message or, for {@link Kind#MANUAL_WORK}, the instructions for staff
 * @param departmentKey the Camunda group of the module's department, which gets the tasks of this operation
 */
public record ModuleCallResult(Kind kind, String handle, String errorCode, String message, String departmentKey) {

    public enum Kind {
        COMPLETED, PENDING, REJECTED, MANUAL_WORK, TECHNICAL_FAILURE
    }
}
