package com.hostflow.credentials;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.springframework.stereotype.Component;

/**
 * Keeps the passwords a department member enters in a form ({@link EnteredCredentials#SECRET}) out of the engine's
 * history: a submitted form field becomes a process variable, and the engine writes every variable it creates or
 * deletes into its history tables. This plugin puts a filter in front of the engine's own database history handler
 * that drops the variable and form-property events of those fields; everything else is written as before.
 */
@Component
class SecretVariablesHistoryFilter extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<HistoryEventHandler> handlers = configuration.getCustomHistoryEventHandlers() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
        if (configuration.isEnableDefaultDbHistoryEventHandler()) {
            configuration.setEnableDefaultDbHistoryEventHandler(false);
            handlers.add(new Filtering(new DbHistoryEventHandler()));
        }
        configuration.setCustomHistoryEventHandlers(handlers);
    }

    static boolean isSecret(HistoryEvent event) {
        if (event instanceof HistoricVariableUpdateEventEntity variable) {
            return EnteredCredentials.SECRET.contains(variable.getVariableName());
        }
        return event instanceof HistoricFormPropertyEventEntity property
                && EnteredCredentials.SECRET.contains(property.getPropertyId());
    }

    /** The engine's handler, minus the events of secret fields. */
    static final class Filtering implements HistoryEventHandler {

        private final HistoryEventHandler delegate;

        Filtering(HistoryEventHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public void handleEvent(HistoryEvent event) {
            if (!isSecret(event)) {
                delegate.handleEvent(event);
            }
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            delegate.handleEvents(events.stream().filter(event -> !isSecret(event)).toList());
        }
    }
}
