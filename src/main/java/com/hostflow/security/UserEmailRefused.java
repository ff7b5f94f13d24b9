package com.hostflow.security;

import org.camunda.bpm.engine.BadUserRequestException;

/**
 * The identity store refused a user's e-mail ({@link IdentityStoreGuard}): not one plain address. The engine REST
 * answers it 400 problem+json naming {@link #FIELD} ({@link EngineRestUserEmailErrors}).
 */
public class UserEmailRefused extends BadUserRequestException {

    private static final long serialVersionUID = 1L;

    /** The field, as the engine REST's user profile names it. */
    public static final String FIELD = "email";

    UserEmailRefused(String message) {
        super(message);
    }
}
