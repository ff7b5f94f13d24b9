package com.hostflow.notifications;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * "Notify the client": the one delegate of every notification step in the models. The template comes from the task
 * (a field {@code <camunda:field name="template" stringValue="service-ready"/>}, or an input parameter
 * {@code template}); the service, client or order from the variables {@code serviceId}, {@code clientId},
 * {@code orderId}; the task's input parameters become {@code params.<name>} in the templates (an absent value is left
 * out). It only writes
 * the outbox row, in the job's transaction, with the key {@code <process instance>:<activity>[:<loop counter>]}
 * (or the field {@code key} when given), so a retried job or a second run of the step sends nothing twice.
 * <p>
 * Prototype-scoped: the engine injects the fields into the bean it resolves, and a fresh instance per resolution
 * keeps two jobs running at once from seeing each other's template.
 */
@Component("notifyClientAdapter")
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class NotifyClientAdapter implements JavaDelegate {

    public static final String TEMPLATE = "template";
    public static final String KEY = "key";
    static final Set<String> NOT_PARAMS = Set.of(TEMPLATE, KEY, "loopCounter", "nrOfInstances",
            "nrOfActiveInstances", "nrOfCompletedInstances");

    private final Notifications notifications;

    private Expression template;
    private Expression key;

    public NotifyClientAdapter(Notifications notifications) {
        this.notifications = notifications;
    }

    public void setTemplate(Expression template) {
        this.template = template;
    }

    public void setKey(Expression key) {
        this.key = key;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object name = template != null ? template.getValue(execution) : execution.getVariableLocal(TEMPLATE);
        if (name == null || name.toString().isBlank()) {
            throw new IllegalStateException(execution.getCurrentActivityId() + " names no notification template: add"
                    + " <camunda:field name=\"template\" stringValue=\"...\"/>");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (String input : inputParameters(execution)) {
            Object value = execution.getVariableLocal(input);
            if (!NOT_PARAMS.contains(input) && value != null) {
                params.put(input, value);
            }
        }
        notifications.enqueue(new NotificationRequest(idempotencyKey(execution),
                name.toString(), number(execution, "clientId"), number(execution, "serviceId"),
                number(execution, "orderId"), params));
    }

    /**
     * The names of the task's own input parameters. Not {@code getVariablesLocal()}: a task without input parameters
     * has no scope of its own, and its execution's local variables are then the whole process's.
     */
    private static List<String> inputParameters(DelegateExecution execution) {
        ExtensionElements extensions = execution.getBpmnModelElementInstance() == null ? null
                : execution.getBpmnModelElementInstance().getExtensionElements();
        if (extensions == null) {
            return List.of();
        }
        return extensions.getElementsQuery().filterByType(CamundaInputOutput.class).list().stream()
                .flatMap(io -> io.getCamundaInputParameters().stream()).map(CamundaInputParameter::getCamundaName)
                .toList();
    }

    private String idempotencyKey(DelegateExecution execution) {
        StringBuilder idempotencyKey = new StringBuilder(execution.getProcessInstanceId()).append(':')
                .append(execution.getCurrentActivityId());
        Object loopCounter = execution.getVariable("loopCounter");
        if (loopCounter != null) {
            idempotencyKey.append(':').append(loopCounter);
        }
        Object extra = key == null ? null : key.getValue(execution);
        if (extra != null) {
            idempotencyKey.append(':').append(extra);
        }
        return idempotencyKey.toString();
    }

    private static Long number(DelegateExecution execution, String name) {
        Object value = execution.getVariable(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("variable " + name + " is not an id: " + value, e);
        }
    }
}
