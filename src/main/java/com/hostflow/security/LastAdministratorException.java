package com.hostflow.security;

import org.camunda.bpm.engine.BadUserRequestException;

/** A removal or demotion that would leave HostFlow without an administrator ({@link IdentityStoreGuard}). */
public class LastAdministratorException extends BadUserRequestException {

    private static final long serialVersionUID = 1L;

    LastAdministratorException(String what) {
        super(what + "the last administrator cannot be removed or demoted");
    }
}
