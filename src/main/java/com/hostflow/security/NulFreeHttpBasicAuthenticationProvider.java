package com.hostflow.security;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * The engine REST's HTTP Basic check, as {@link EngineIdentityAuthenticationProvider} does the API's: a username
 * with a NUL is a wrong login (no stored one has it, PostgreSQL cannot store one), where the engine's user query
 * failed on it with a 500.
 */
public class NulFreeHttpBasicAuthenticationProvider extends HttpBasicAuthenticationProvider {

    @Override
    protected boolean isAuthenticated(ProcessEngine engine, String userName, String password) {
        return userName.indexOf('\0') < 0 && super.isAuthenticated(engine, userName, password);
    }
}
