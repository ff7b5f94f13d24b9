package com.hostflow.notifications;

import java.util.List;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.ParseListeners;

/**
 * Refuses a deployment whose "Notify the client" task names a template that does not exist, so a typo in the
 * Modeler fails at deployment (HostFlow's start) with the task, the process and the known names, not later as an
 * incident. Templates given by an expression are checked when the task runs.
 */
@Component
class NotificationTemplateCheck extends AbstractProcessEnginePlugin {

    static final String DELEGATE = "${notifyClientAdapter}";

    private final MailTemplates templates;

    NotificationTemplateCheck(MailTemplates templates) {
        this.templates = templates;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        ParseListeners.addAfterEngines(configuration, new AbstractBpmnParseListener() {
            @Override
            public void parseServiceTask(Element task, ScopeImpl scope, ActivityImpl activity) {
                check(task, activity);
            }
        });
    }

    void check(Element task, ActivityImpl activity) {
        if (!DELEGATE.equals(task.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "delegateExpression"))) {
            return;
        }
        String process = activity.getProcessDefinition() instanceof ProcessDefinitionEntity definition
                ? definition.getKey() : activity.getProcessDefinition().getId();
        String where = activity.getId() + " of process " + process;
        String template = constantTemplate(task);
        if (template == null) {
            if (!namesTemplateSomehow(task)) {
                throw new ProcessEngineException(where + " uses notifyClientAdapter but names no template: add"
                        + " <camunda:field name=\"template\" stringValue=\"...\"/>");
            }
            return;
        }
        if (!templates.exists(template)) {
            throw new ProcessEngineException(where + " names the notification template '" + template
                    + "', which does not exist; known: " + templates.names());
        }
    }

    /** The template when the model gives it as a constant (field stringValue or string, or a fixed input). */
    private static String constantTemplate(Element task) {
        for (Element field : camunda(task, "field")) {
            if (NotifyClientAdapter.TEMPLATE.equals(field.attribute("name"))) {
                if (field.attribute("stringValue") != null) {
                    return field.attribute("stringValue").trim();
                }
                Element string = field.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "string");
                return string == null ? null : string.getText().trim();
            }
        }
        for (Element io : camunda(task, "inputOutput")) {
            for (Element input : io.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "inputParameter")) {
                if (NotifyClientAdapter.TEMPLATE.equals(input.attribute("name")) && input.elements().isEmpty()
                        && !input.getText().contains("${") && !input.getText().contains("#{")) {
                    return input.getText().trim();
                }
            }
        }
        return null;
    }

    private static boolean namesTemplateSomehow(Element task) {
        for (Element field : camunda(task, "field")) {
            if (NotifyClientAdapter.TEMPLATE.equals(field.attribute("name"))) {
                return true;
            }
        }
        for (Element io : camunda(task, "inputOutput")) {
            for (Element input : io.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "inputParameter")) {
                if (NotifyClientAdapter.TEMPLATE.equals(input.attribute("name"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Element> camunda(Element task, String name) {
        Element extensions = task.element("extensionElements");
        return extensions == null ? List.of() : extensions.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, name);
    }
}
