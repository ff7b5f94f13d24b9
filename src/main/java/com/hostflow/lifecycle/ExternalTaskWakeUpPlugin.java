package com.hostflow.lifecycle;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.ExternalTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Wakes this node's {@link ExternalTaskWorker} as soon as a transaction that entered an external service task commits,
 * so a module call starts milliseconds after the step that leads to it, not at the worker's next fetch.
 */
@Component
class ExternalTaskWakeUpPlugin extends AbstractProcessEnginePlugin {

    private final ExternalTaskWakeUp wakeUp;

    ExternalTaskWakeUpPlugin(ExternalTaskWakeUp wakeUp) {
        this.wakeUp = wakeUp;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        ParseListeners.addAfterEngines(configuration, new AbstractBpmnParseListener() {

            @Override
            public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
                if (activity.getActivityBehavior() instanceof ExternalTaskActivityBehavior) {
                    activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, execution -> Context
                            .getCommandContext().getTransactionContext()
                            .addTransactionListener(TransactionState.COMMITTED, committed -> wakeUp.signal()));
                }
            }
        });
    }
}
