package com.hostflow.security;

import org.camunda.bpm.engine.BadUserRequestException;

/** A membership of a group that is no longer there, deleted meanwhile ({@link LastAdministratorGuard}). */
public class GroupGoneException extends BadUserRequestException {

    private static final long serialVersionUID = 1L;

    private final String groupId;

    GroupGoneException(String groupId) {
        super("unknown group " + groupId);
        this.groupId = groupId;
    }

    public String groupId() {
        return groupId;
    }
}
