package com.hostflow.security;

import org.camunda.bpm.engine.BadUserRequestException;

/** A group that cannot be deleted while something needs it ({@link IdentityStoreGuard}). */
public class GroupInUseException extends BadUserRequestException {

    private static final long serialVersionUID = 1L;

    GroupInUseException(String message) {
        super(message);
    }
}
