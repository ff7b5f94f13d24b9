package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.hostflow.catalog.DepartmentTaskTimes;
import com.hostflow.credentials.StoreEnteredCredentialsListener;
import com.hostflow.lifecycle.moduleoperation.AcquireQueueSlotAdapter;
import com.hostflow.lifecycle.moduleoperation.DepartmentTaskStoryListener;
import com.hostflow.lifecycle.moduleoperation.FailedOperationIncidentListener;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationSettings;
import com.hostflow.lifecycle.moduleoperation.OperationFailedListener;
import com.hostflow.lifecycle.moduleoperation.OperationWithdrawnListener;
import com.hostflow.lifecycle.moduleoperation.RecordDepartmentDecisionAdapter;
import com.hostflow.lifecycle.moduleoperation.RecordManualWorkAdapter;
import com.hostflow.modules.ModuleTypeRegistry;
import com.hostflow.lifecycle.moduleoperation.ReleaseQueueSlotListener;

/** The model rules themselves: a model that breaks each rule is caught, a clean one passes. */
class BpmnModelRulesTest {

    private final Map<String, Class<?>> beans = Map.of("callModuleDirectly", CallsTheModuleDirectly.class,
            "recordManualWorkAdapter", RecordManualWorkAdapter.class);

    /** A delegate that would call a module inside the engine's transaction. */
    static final class CallsTheModuleDirectly {

        CallsTheModuleDirectly(ModuleTypeRegistry modules) {
        }
    }
    private final BpmnModelRules rules = new BpmnModelRules(beans::get, Set.of("module-call"));

    @Test
    void acceptsTheRealModuleOperationProcess() {
        String xml = ProcessModelDeployment.modelsOnClasspath().stream()
                .filter(m -> m.name().equals("processes/ModuleOperationProcess.bpmn")).findFirst().orElseThrow()
                .content();
        Map<String, Class<?>> delegates = Map.ofEntries(
                Map.entry("acquireQueueSlotAdapter", AcquireQueueSlotAdapter.class),
                Map.entry("recordManualWorkAdapter", RecordManualWorkAdapter.class),
                Map.entry("recordDepartmentDecisionAdapter", RecordDepartmentDecisionAdapter.class),
                Map.entry("operationFailedListener", OperationFailedListener.class),
                Map.entry("operationWithdrawnListener", OperationWithdrawnListener.class),
                Map.entry("releaseQueueSlotListener", ReleaseQueueSlotListener.class),
                Map.entry("moduleOperationSettings", ModuleOperationSettings.class),
                Map.entry("departmentTaskStoryListener", DepartmentTaskStoryListener.class),
                Map.entry("failedOperationIncidentListener", FailedOperationIncidentListener.class),
                Map.entry("storeEnteredCredentialsListener", StoreEnteredCredentialsListener.class),
                Map.entry("departmentTaskTimes", DepartmentTaskTimes.class));
        BpmnModelRules everyBeanExists = new BpmnModelRules(delegates::get,
                Set.of("module-selection", "module-call", "module-poll"));

        assertThat(everyBeanExists.check("processes/ModuleOperationProcess.bpmn", xml)).isEmpty();
    }

    @Test
    void reportsEveryBrokenRule() {
        // no diagram, no time-to-live, a generated id, a missing bean, a sync module call, a task for nobody
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Broken"
                    targetNamespace="https://hostflow.example/processes">
                  <bpmn:message id="Message_Paid" name="PaymentReceived" />
                  <bpmn:error id="Error_Rejected" errorCode="REJECTED" />
                  <bpmn:process id="SomeOtherProcess" name="Broken" isExecutable="true">
                    <bpmn:startEvent id="StartEvent_Begin" name="Begin" />
                    <bpmn:serviceTask id="Task_CallModule" name="Call"
                        camunda:delegateExpression="${callModuleDirectly}" />
                    <bpmn:serviceTask id="Task_PollNobody" name="Poll" camunda:type="external" camunda:topic="nobody" />
                    <bpmn:serviceTask id="Activity_0x1y2z" name="Generated"
                        camunda:delegateExpression="${recordManualWorkAdapter}" />
                    <bpmn:serviceTask id="Task_Missing" name="Missing" camunda:delegateExpression="${noSuchAdapter}" />
                    <bpmn:userTask id="Task_Nobody" name="For nobody" />
                    <bpmn:intermediateCatchEvent id="Timer_Wait" name="Wait">
                      <bpmn:timerEventDefinition>
                        <bpmn:timeDuration>${missingSettings.pollInterval}</bpmn:timeDuration>
                      </bpmn:timerEventDefinition>
                    </bpmn:intermediateCatchEvent>
                    <bpmn:endEvent id="EndEvent_Done" />
                    <bpmn:sequenceFlow id="SequenceFlow_1" sourceRef="StartEvent_Begin" targetRef="Task_CallModule" />
                  </bpmn:process>
                </bpmn:definitions>
                """.strip();

        List<String> problems = rules.check("processes/SomeOtherProcess.bpmn", xml);

        assertThat(problems).anyMatch(p -> p.contains("SomeOtherProcess is not one of DESIGN.md"))
                .anyMatch(p -> p.contains("has no historyTimeToLive"))
                .anyMatch(p -> p.contains("SomeOtherProcess is startable in Tasklist"))
                .anyMatch(p -> p.contains("Task_CallModule calls another system from a Java delegate"))
                .anyMatch(p -> p.contains("Task_PollNobody is an external task of topic nobody, which no handler"))
                .anyMatch(p -> p.contains("Activity_0x1y2z breaks the naming convention"))
                .anyMatch(p -> p.contains("names bean noSuchAdapter, which does not exist"))
                .anyMatch(p -> p.contains("Task_Nobody is a user task without a candidate group"))
                .anyMatch(p -> p.contains("EndEvent_Done has no name"))
                .anyMatch(p -> p.contains("no diagram"))
                .anyMatch(p -> p.contains("an expression reaches bean missingSettings, which does not exist"))
                .anyMatch(p -> p.contains("SequenceFlow_1 breaks the naming convention Flow_"))
                .anyMatch(p -> p.contains("message Message_Paid must be named Msg_"))
                .anyMatch(p -> p.contains("error Error_Rejected must have a code Err_"));
    }

    @Test
    void reportsAnEdgeThatDoesNotEndOnItsTarget() {
        // a shape moved in the XML without its edge: the arrow points into another element
        String xml = ProcessModelDeployment.modelsOnClasspath().stream()
                .filter(m -> m.name().equals("processes/ModuleOperationProcess.bpmn")).findFirst().orElseThrow()
                .content();
        int edge = xml.indexOf("bpmnElement=\"Flow_ToModuleOutcome\"");
        int lastPoint = xml.lastIndexOf("<di:waypoint", xml.indexOf("</bpmndi:BPMNEdge>", edge));
        String moved = xml.substring(0, lastPoint) + "<di:waypoint x=\"-500\" y=\"-500\" />"
                + xml.substring(xml.indexOf("/>", lastPoint) + 2);

        assertThat(rules.check("processes/ModuleOperationProcess.bpmn", moved))
                .filteredOn(p -> p.contains("its edge does not"))
                .containsExactly("processes/ModuleOperationProcess.bpmn: Flow_ToModuleOutcome: its edge does not end on"
                        + " Gateway_ModuleOutcome");
        assertThat(rules.check("processes/ModuleOperationProcess.bpmn", xml))
                .noneMatch(p -> p.contains("its edge does not"));
    }
}
