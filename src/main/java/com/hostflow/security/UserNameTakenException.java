package com.hostflow.security;

import org.camunda.bpm.engine.BadUserRequestException;

/** A new user whose name another user has but for letter case ({@link IdentityStoreGuard}). */
public class UserNameTakenException extends BadUserRequestException {

    private static final long serialVersionUID = 1L;

    UserNameTakenException(String taken) {
        super("user name " + taken + " is taken");
    }
}
