package com.hostflow.security;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;

/**
 * The engine's Basic authentication for {@code /engine-rest}, on every path: Camunda's filter lets {@code GET
 * /engine-rest/engine} (the list of engines) through without a login, so anonymous callers were answered where a
 * client with a login gets 403. Nothing needs it before a login: the webapps read their own copy,
 * {@code /camunda/api/engine/engine/}, which their login page calls and which stays open.
 */
class EngineRestAuthentication extends ProcessEngineAuthenticationFilter {

    @Override
    protected boolean requiresEngineAuthentication(String requestUrl) {
        return true;
    }

    /** The list of engines ({@code /engine}, {@code /engine/}) is authenticated against the default engine. */
    @Override
    protected String extractEngineName(String requestUrl) {
        String engine = super.extractEngineName(requestUrl);
        return engine == null || engine.isEmpty() ? DEFAULT_ENGINE_NAME : engine;
    }
}
