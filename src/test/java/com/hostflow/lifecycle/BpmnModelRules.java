package com.hostflow.lifecycle;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.Error;
import org.camunda.bpm.model.bpmn.instance.Event;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnDiagram;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

import com.hostflow.lifecycle.billingrun.BillingRunProcess;
import com.hostflow.lifecycle.deletion.ServiceDeletionProcess;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.lifecycle.order.ServiceOrderProcess;
import com.hostflow.lifecycle.parameters.ParameterChangeProcess;
import com.hostflow.lifecycle.prolongation.ServiceProlongationProcess;
import com.hostflow.lifecycle.resume.ServiceResumeProcess;
import com.hostflow.lifecycle.suspension.ServiceSuspensionProcess;
import com.hostflow.modules.ModuleSelector;
import com.hostflow.modules.ModuleTypeRegistry;
import com.hostflow.modules.ProcessingModuleAdapter;

/**
 * The house rules for BPMN files (DESIGN.md): ids by convention, names everywhere, delegates that exist, other systems
 * called only from external tasks whose topic a handler serves (never from a Java delegate, which runs inside the
 * engine's transaction), department tasks, history time-to-live and a diagram. Answers every broken rule of a file at
 * once.
 */
final class BpmnModelRules {

    /** The process keys DESIGN.md names, and those docs/ARCHITECTURE.md adds; a new process is added there first. */
    static final Set<String> PROCESS_IDS = Set.of("ServiceOrderProcess", "ParameterChangeProcess",
            "ServiceSuspensionProcess", "ServiceResumeProcess", "ServiceProlongationProcess",
            "ServiceDeletionProcess", "BillingRunProcess", "ModuleOperationProcess", "ServiceSyncProcess",
            // credentials and notifications (issue #12)
            "ServicePasswordResetProcess", "NotificationFailedProcess", "ServiceExpiryReminderProcess",
            // the billing run's lanes (issue #10)
            "BillingRunLaneProcess",
            // the close of a FAILED service tried again when it is deleted (ARCHITECTURE.md)
            "FailedServiceCloseProcess");

    private static final Pattern BEAN_EXPRESSION = Pattern.compile("^\\$\\{([A-Za-z][A-Za-z0-9_]*)}$");
    /** {@code ${someBean.property}} or {@code ${!someBean.method(x)}} in any expression of the model */
    private static final Pattern BEAN_ACCESS = Pattern.compile("[$#]\\{!?\\s*([A-Za-z][A-Za-z0-9_]*)\\.");
    /** variables a model declares: result variables, mapping targets, form fields */
    private static final Pattern DECLARED_VARIABLE = Pattern.compile(
            "camunda:resultVariable=\"([A-Za-z][A-Za-z0-9_]*)\"|"
                    + "<camunda:(?:inputParameter|outputParameter|formField) (?:name|id)=\"([A-Za-z][A-Za-z0-9_]*)\"");
    /** objects the engine itself puts into expressions (decisionResult: a business rule task's output mapping) */
    private static final Set<String> ENGINE_NAMES = Set.of("execution", "task", "authenticatedUserId",
            "decisionResult");
    private static final String SUFFIX = "[A-Z][A-Za-z0-9]*";

    /** Types a delegate must not depend on: whatever reaches a processing module calls another system. */
    private static final Set<Class<?>> REMOTE_CALLERS = Set.of(ProcessingModuleAdapter.class,
            ModuleTypeRegistry.class, ModuleSelector.class);

    /** What the rules need to know about Spring beans: its type, or null when no bean has that name. */
    private final Function<String, Class<?>> beanType;
    /** The external-task topics some handler serves. */
    private final Set<String> topics;

    BpmnModelRules(Function<String, Class<?>> beanType, Set<String> topics) {
        this.beanType = beanType;
        this.topics = topics;
    }

    List<String> check(String fileName, String xml) {
        BpmnModelInstance model = Bpmn.readModelFromStream(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        List<String> problems = new ArrayList<>();
        checkProcesses(fileName, model, problems);
        checkIdsAndNames(model, problems);
        checkMessagesAndErrors(model, problems);
        checkDelegates(model, problems);
        checkUserTasks(model, problems);
        checkDiagram(model, problems);
        checkBeanAccess(xml, problems);
        return problems.stream().map(p -> fileName + ": " + p).toList();
    }

    private static void checkProcesses(String fileName, BpmnModelInstance model, List<String> problems) {
        Collection<Process> processes = model.getModelElementsByType(Process.class);
        if (processes.isEmpty()) {
            problems.add("no process");
        }
        for (Process process : processes) {
            if (!PROCESS_IDS.contains(process.getId())) {
                problems.add("process id " + process.getId() + " is not one of DESIGN.md's " + PROCESS_IDS);
            }
            if (!fileName.endsWith("/" + process.getId() + ".bpmn") && !fileName.equals(process.getId() + ".bpmn")) {
                problems.add("the file is not named after its process " + process.getId());
            }
            if (process.getCamundaHistoryTimeToLiveString() == null
                    || process.getCamundaHistoryTimeToLiveString().isBlank()) {
                problems.add("process " + process.getId() + " has no historyTimeToLive");
            }
            if (process.getName() == null || process.getName().isBlank()) {
                problems.add("process " + process.getId() + " has no name");
            }
            // HostFlow starts its processes itself, with the rows they need; Tasklist's "Start process" must not
            // offer them (a second order process for an order, a deletion of a service nobody asked to delete)
            if (process.isCamundaStartableInTasklist()) {
                problems.add("process " + process.getId() + " is startable in Tasklist");
            }
        }
    }

    private static void checkIdsAndNames(BpmnModelInstance model, List<String> problems) {
        for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
            String pattern = idPattern(element);
            if (pattern != null && !element.getId().matches(pattern)) {
                problems.add(element.getElementType().getTypeName() + " id " + element.getId() + " breaks the "
                        + "naming convention " + pattern);
            }
            if (element instanceof FlowNode && (element.getName() == null || element.getName().isBlank())) {
                problems.add(element.getId() + " has no name");
            }
        }
    }

    /** The id pattern of an element kind, or null for kinds the convention does not cover. */
    static String idPattern(FlowElement element) {
        if (element instanceof SequenceFlow) {
            return "Flow_" + SUFFIX;
        }
        if (element instanceof Activity) {
            return "Task_" + SUFFIX;
        }
        if (element instanceof Gateway) {
            return "Gateway_" + SUFFIX;
        }
        if (element instanceof StartEvent) {
            return "(StartEvent|Event|Timer)_" + SUFFIX;
        }
        if (element instanceof EndEvent) {
            return "(EndEvent|Event)_" + SUFFIX;
        }
        if (element instanceof Event event) {
            boolean timer = !event.getChildElementsByType(TimerEventDefinition.class).isEmpty();
            return timer || event instanceof BoundaryEvent ? "(Event|Timer)_" + SUFFIX : "Event_" + SUFFIX;
        }
        return null;
    }

    private static void checkMessagesAndErrors(BpmnModelInstance model, List<String> problems) {
        for (Message message : model.getModelElementsByType(Message.class)) {
            if (!message.getId().matches("Message_" + SUFFIX)) {
                problems.add("message id " + message.getId() + " must be Message_...");
            }
            if (message.getName() == null || !message.getName().matches("Msg_" + SUFFIX)) {
                problems.add("message " + message.getId() + " must be named Msg_...");
            }
        }
        for (Error error : model.getModelElementsByType(Error.class)) {
            if (!error.getId().matches("Error_" + SUFFIX)) {
                problems.add("error id " + error.getId() + " must be Error_...");
            }
            if (error.getErrorCode() == null || !error.getErrorCode().matches("Err_" + SUFFIX)) {
                problems.add("error " + error.getId() + " must have a code Err_...");
            }
        }
    }

    private void checkDelegates(BpmnModelInstance model, List<String> problems) {
        for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
            if (task.getCamundaClass() != null) {
                problems.add(task.getId() + " names a class; use camunda:delegateExpression=\"${bean}\"");
            }
            if ("external".equals(task.getCamundaType())) {
                if (!topics.contains(task.getCamundaTopic())) {
                    problems.add(task.getId() + " is an external task of topic " + task.getCamundaTopic()
                            + ", which no handler serves");
                }
                continue;
            }
            if (task.getCamundaType() != null || task.getCamundaExpression() != null) {
                continue;
            }
            Class<?> type = checkBean(task.getId(), task.getCamundaDelegateExpression(), problems);
            if (type != null && callsOtherSystem(type)) {
                problems.add(task.getId() + " calls another system from a Java delegate, inside the engine's"
                        + " transaction; make it an external task");
            }
        }
        for (CamundaExecutionListener listener : model.getModelElementsByType(CamundaExecutionListener.class)) {
            if (listener.getCamundaDelegateExpression() != null) {
                checkBean(owner(listener), listener.getCamundaDelegateExpression(), problems);
            }
        }
        for (CamundaTaskListener listener : model.getModelElementsByType(CamundaTaskListener.class)) {
            if (listener.getCamundaDelegateExpression() != null) {
                checkBean(owner(listener), listener.getCamundaDelegateExpression(), problems);
            }
        }
    }

    /**
     * Every {@code ${name.…}} in timers, conditions, retry cycles and mappings must reach an existing bean or a
     * variable the model itself declares (a result variable, a mapping's target, a form field).
     */
    private void checkBeanAccess(String xml, List<String> problems) {
        Set<String> declared = new java.util.HashSet<>();
        Matcher declaration = DECLARED_VARIABLE.matcher(xml);
        while (declaration.find()) {
            declared.add(declaration.group(1) != null ? declaration.group(1) : declaration.group(2));
        }
        Matcher access = BEAN_ACCESS.matcher(xml);
        Set<String> missing = new java.util.TreeSet<>();
        while (access.find()) {
            String name = access.group(1);
            if (!ENGINE_NAMES.contains(name) && !declared.contains(name) && beanType.apply(name) == null) {
                missing.add(name);
            }
        }
        missing.forEach(name -> problems.add("an expression reaches bean " + name + ", which does not exist"));
    }

    private Class<?> checkBean(String where, String expression, List<String> problems) {
        if (expression == null) {
            problems.add(where + " has neither a delegate expression nor an expression");
            return null;
        }
        Matcher bean = BEAN_EXPRESSION.matcher(expression);
        if (!bean.matches()) {
            problems.add(where + " delegate expression " + expression + " must name a bean as ${bean}");
            return null;
        }
        Class<?> type = beanType.apply(bean.group(1));
        if (type == null) {
            problems.add(where + " names bean " + bean.group(1) + ", which does not exist");
        }
        return type;
    }

    private static String owner(ModelElementInstance listener) {
        ModelElementInstance parent = listener.getParentElement();
        while (parent != null && !(parent instanceof BaseElement)) {
            parent = parent.getParentElement();
        }
        return parent == null ? "a listener" : ((BaseElement) parent).getId();
    }

    private static boolean callsOtherSystem(Class<?> delegate) {
        return java.util.Arrays.stream(delegate.getDeclaredConstructors())
                .flatMap(constructor -> java.util.Arrays.stream(constructor.getParameterTypes()))
                .anyMatch(REMOTE_CALLERS::contains);
    }

    private static void checkUserTasks(BpmnModelInstance model, List<String> problems) {
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            if (task.getCamundaCandidateGroups() == null || task.getCamundaCandidateGroups().isBlank()) {
                problems.add(task.getId() + " is a user task without a candidate group");
            }
        }
    }

    private static void checkDiagram(BpmnModelInstance model, List<String> problems) {
        if (model.getModelElementsByType(BpmnDiagram.class).isEmpty()) {
            problems.add("no diagram (BPMNDiagram): Camunda Modeler cannot show it");
            return;
        }
        Map<String, Long> shapes = model.getModelElementsByType(BpmnShape.class).stream()
                .filter(s -> s.getBpmnElement() != null)
                .collect(Collectors.groupingBy(s -> s.getBpmnElement().getId(), Collectors.counting()));
        Set<String> edges = model.getModelElementsByType(BpmnEdge.class).stream()
                .filter(e -> e.getBpmnElement() != null)
                .map(e -> e.getBpmnElement().getId()).collect(Collectors.toSet());
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            if (!shapes.containsKey(node.getId())) {
                problems.add(node.getId() + " has no shape in the diagram");
            }
        }
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            if (!edges.contains(flow.getId())) {
                problems.add(flow.getId() + " has no edge in the diagram");
            }
        }
        checkEdgeEnds(model, problems);
    }

    /**
     * An edge starts on its source's shape and ends on its target's: a shape moved without its edges otherwise shows
     * an arrow into the wrong element in Camunda Modeler and Cockpit, and the engine does not mind.
     */
    private static void checkEdgeEnds(BpmnModelInstance model, List<String> problems) {
        Map<String, Bounds> bounds = model.getModelElementsByType(BpmnShape.class).stream()
                .filter(shape -> shape.getBpmnElement() != null)
                .collect(Collectors.toMap(shape -> shape.getBpmnElement().getId(), BpmnShape::getBounds,
                        (first, second) -> first));
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            if (!(edge.getBpmnElement() instanceof SequenceFlow flow) || edge.getWaypoints().size() < 2) {
                continue;
            }
            List<Waypoint> points = List.copyOf(edge.getWaypoints());
            if (!touches(bounds.get(flow.getSource().getId()), points.get(0))) {
                problems.add(flow.getId() + ": its edge does not start on " + flow.getSource().getId());
            }
            if (!touches(bounds.get(flow.getTarget().getId()), points.get(points.size() - 1))) {
                problems.add(flow.getId() + ": its edge does not end on " + flow.getTarget().getId());
            }
        }
    }

    private static boolean touches(Bounds shape, Waypoint point) {
        double slack = 2;
        return shape != null && point.getX() >= shape.getX() - slack
                && point.getX() <= shape.getX() + shape.getWidth() + slack && point.getY() >= shape.getY() - slack
                && point.getY() <= shape.getY() + shape.getHeight() + slack;
    }
}
