package com.hostflow.lifecycle.moduleoperation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.ParseListeners;
import com.hostflow.lifecycle.order.ServiceOrderProcess;
import com.hostflow.modules.ModuleOperation;

/**
 * A module's {@code open} runs only as a step of an order: {@code ServiceOrderProcess} calls it. Started on its own
 * through the engine REST (an admin's start of {@code ModuleOperationProcess} with {@code operation=open}), it made a
 * second VM for an ACTIVE service, took over the service's external id and addresses and left the first VM running
 * for no service. Refused when the instance starts (400 at the engine REST, nothing started). A built-in start
 * listener of the process, so a start that skips custom listeners or begins at another activity meets it too.
 */
@Component
class OpenOnlyForAnOrder extends AbstractProcessEnginePlugin {

    private static final ExecutionListener CHECK = OpenOnlyForAnOrder::check;

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        ParseListeners.addAfterEngines(configuration, new AbstractBpmnParseListener() {
            @Override
            public void parseProcess(Element process, ProcessDefinitionEntity definition) {
                if (ModuleOperationProcess.KEY.equals(definition.getKey())) {
                    definition.addBuiltInListener(ExecutionListener.EVENTNAME_START, CHECK);
                }
            }
        });
    }

    static void check(DelegateExecution execution) {
        if (!ModuleOperation.OPEN.feature().equals(execution.getVariable(ModuleOperationProcess.OPERATION))) {
            return;
        }
        ExecutionEntity caller = ((ExecutionEntity) execution).getProcessInstance().getSuperExecution();
        if (caller == null || !ServiceOrderProcess.KEY.equals(caller.getProcessDefinition().getKey())) {
            throw new IllegalStateException("a module opens a service only for its order (ServiceOrderProcess calls"
                    + " ModuleOperationProcess with operation open); started on its own it would make a second VM");
        }
    }
}
