package com.hostflow.clients;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Client logins are their email addresses and the client group is {@code hostflow-clients}, which the engine's
 * default id rule ({@code [a-zA-Z0-9]+}) refuses. Widens the rule for user and group ids (they take precedence over
 * the general rule), unless the configuration already sets them
 * ({@code camunda.bpm.generic-properties.properties.user-resource-whitelist-pattern} and
 * {@code group-resource-whitelist-pattern}).
 */
@Component
class LoginIdsPlugin extends AbstractProcessEnginePlugin {

    static final String USER_IDS = "[a-zA-Z0-9]+|camunda-admin|[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+";
    static final String GROUP_IDS = "[a-zA-Z0-9]+|camunda-admin|[a-zA-Z0-9][a-zA-Z0-9_.-]*";

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getUserResourceWhitelistPattern() == null) {
            configuration.setUserResourceWhitelistPattern(USER_IDS);
        }
        if (configuration.getGroupResourceWhitelistPattern() == null) {
            configuration.setGroupResourceWhitelistPattern(GROUP_IDS);
        }
    }
}
