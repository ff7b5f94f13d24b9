package com.hostflow.security;

import org.camunda.bpm.engine.BadUserRequestException;

/**
 * {@link DepartmentTaskHolders} refused to make {@link #userId()} a department task's {@link #property()}
 * ({@code assignee}, {@code owner}, {@code candidate}; {@code groupId} for a candidate group, then {@link #userId()}
 * is the group's id; {@code parentTaskId} for a parent task, then it is the parent's id). A
 * {@link BadUserRequestException} without a cause, so the engine never takes it for a BPMN error of the process and
 * rethrows it (wrapped in its "exception while invoking the TaskListener").
 */
public class DepartmentTaskHolderRefused extends BadUserRequestException {

    private final String property;
    private final String userId;

    DepartmentTaskHolderRefused(String property, String userId, String message) {
        super(message);
        this.property = property;
        this.userId = userId;
    }

    /** {@code assignee}, {@code owner}, {@code candidate}, {@code groupId} or {@code parentTaskId}. */
    public String property() {
        return property;
    }

    public String userId() {
        return userId;
    }
}
