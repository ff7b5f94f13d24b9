package com.hostflow.lifecycle;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/**
 * Where HostFlow's engine plugins hook into model parsing: after the engine's own parse listeners, so the activities
 * they look at carry their behaviour already. Every plugin adds its listener here, beside the others' (the list is
 * null until the first one).
 */
public final class ParseListeners {

    private ParseListeners() {
    }

    public static void addAfterEngines(ProcessEngineConfigurationImpl configuration, BpmnParseListener listener) {
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        listeners.add(listener);
        configuration.setCustomPostBPMNParseListeners(listeners);
    }
}
