package com.hostflow.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs the {@link ProcessStartCheck}s of a process when an instance of it starts, as a built-in start listener of the
 * process: a start by key or id, with or without custom listeners, with start instructions that begin at a later
 * activity (past a first step that checked it) and a restart of a finished instance ({@code POST
 * /process-definition/{id}/restart}, refused for a process with checks) all meet it, and a refusal rolls the start
 * back whole. The checks are looked up when an instance starts (they use beans built after the engine).
 */
@Component
class ProcessStartChecks extends AbstractProcessEnginePlugin {

    private final ObjectProvider<ProcessStartCheck> checks;
    /** By process key, looked up at the first start (a billing run starts thousands of prolongations). */
    private volatile Map<String, List<ProcessStartCheck>> byKey;

    ProcessStartChecks(ObjectProvider<ProcessStartCheck> checks) {
        this.checks = checks;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        ExecutionListener listener = this::check;
        ParseListeners.addAfterEngines(configuration, new AbstractBpmnParseListener() {
            @Override
            public void parseProcess(Element process, ProcessDefinitionEntity definition) {
                definition.addBuiltInListener(ExecutionListener.EVENTNAME_START, listener);
            }
        });
    }

    private void check(DelegateExecution execution) {
        Map<String, List<ProcessStartCheck>> known = byKey;
        if (known == null) {
            known = checks.orderedStream().collect(Collectors.groupingBy(ProcessStartCheck::processKey));
            byKey = known;
        }
        String key = ((ExecutionEntity) execution).getProcessDefinition().getKey();
        List<ProcessStartCheck> forKey = known.getOrDefault(key, List.of());
        if (!forKey.isEmpty() && forKey.stream().noneMatch(StartedOnlyByHostFlow.class::isInstance)
                && execution.getVariableNames().isEmpty()) {
            // a restart of a finished instance sets its variables only after the start (its check found none and
            // answered 409 "the instance ended while this ran"); HostFlow starts these with theirs. A process only
            // HostFlow starts refuses a restart as a start by hand (a billing run starts without variables)
            throw new IllegalStateException("a " + key + " starts with the variables of what it is for; a restart"
                    + " of a finished instance is not one of its starts");
        }
        for (ProcessStartCheck check : forKey) {
            check.check(execution);
        }
    }
}
