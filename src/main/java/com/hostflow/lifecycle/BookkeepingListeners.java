package com.hostflow.lifecycle;

import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateListener;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.listener.DelegateExpressionExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * The end listeners that give back what a process instance holds in HostFlow's own tables (the service's lane, a
 * module queue slot, the prolongation claim, the sync claim, a deletion's {@code delete_at}, an unfinished
 * parameter change or order) run however the instance
 * ends, also when an admin cancels it in Cockpit with "skip custom listeners" (or deletes it through the engine REST
 * with {@code skipCustomListeners=true}, singly or as a batch). The engine skips every listener a model declares
 * then and runs only its built-in ones; without these, the lane stayed taken until its lease ran out (an hour) and a
 * prolongation claim stayed for good, so the service was never prolonged again. The models still declare the
 * listeners (the Modeler shows them); this moves them, at parse time, among the engine's built-in listeners of the
 * process. Every one of them tolerates an instance whose variables an admin changed, so a cancellation never fails
 * on them.
 */
@Component
class BookkeepingListeners extends AbstractProcessEnginePlugin {

    /** Process-level end listeners that run even when custom listeners are skipped. */
    static final Set<String> ALWAYS_RUN = Set.of("${releaseServiceTurnListener}", "${releaseQueueSlotListener}",
            "${prolongationEndedListener}", "${releaseServiceSyncClaimListener}", "${deletionEndedListener}",
            "${parameterChangeEndedListener}", "${orderEndedListener}");

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        ParseListeners.addAfterEngines(configuration, new AbstractBpmnParseListener() {
            @Override
            public void parseProcess(Element process, ProcessDefinitionEntity definition) {
                promote(definition);
            }
        });
    }

    static void promote(ProcessDefinitionEntity definition) {
        List<DelegateListener<?>> ends = definition.getListeners(ExecutionListener.EVENTNAME_END);
        for (DelegateListener<?> listener : List.copyOf(ends)) {
            if (listener instanceof DelegateExpressionExecutionListener expression
                    && ALWAYS_RUN.contains(expression.getExpressionText())) {
                ends.remove(listener);
                definition.addBuiltInListener(ExecutionListener.EVENTNAME_END, listener);
            }
        }
    }
}
