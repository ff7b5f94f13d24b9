package com.hostflow.lifecycle.parameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.util.Map;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.hostflow.lifecycle.LaneDoubles;
import com.hostflow.lifecycle.NotificationDoubles;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationDoubles;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.support.StandaloneEngine;

@Deployment(resources = {"processes/ParameterChangeProcess.bpmn", "processes/ModuleOperationProcess.bpmn",
        "processes/ModuleFailurePolicy.dmn"})
class ParameterChangeProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    static final long SERVICE_ID = 21L;

    ServiceParameterChanges changes = mock(ServiceParameterChanges.class);
    ModuleOperationDoubles doubles;
    NotificationDoubles notifications;

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine());
        LaneDoubles.register();
        notifications = NotificationDoubles.register();
        Mocks.register("finishParameterChangeAdapter", new FinishParameterChangeAdapter(changes));
        Mocks.register("revertParameterChangeAdapter", new RevertParameterChangeAdapter(changes));
        Mocks.register("parameterChangeEndedListener", new ParameterChangeEndedListener(changes));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
    }

    private ProcessInstance start() {
        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(ParameterChangeProcess.KEY,
                Long.toString(SERVICE_ID), Map.of(ParameterChangeProcess.SERVICE_ID, SERVICE_ID,
                        ParameterChangeProcess.CHANGE_KEY, "param-21-1", ParameterChangeProcess.AMOUNT, "7.30"));
        doubles.settle();
        return pi;
    }

    @Test
    void keepsTheNewValuesWhenTheModuleAppliesThem() {
        ProcessInstance pi = start();

        assertThat(pi).isEnded().hasPassedInOrder("Task_SetParamInModule", "Task_FinishParameterChange",
                "Gateway_BeingDeleted", "Task_NotifyParametersChanged", "EndEvent_ParametersApplied");
        assertThat(notifications.templates()).containsExactly("parameter-change-done");
        assertThat(notifications.adminsToldOf()).isEmpty();
        assertThat(doubles.module.count("execute setparam")).isEqualTo(1);
        verify(changes).finish(SERVICE_ID);
    }

    /** An admin's deletion came while the module applied the change (LifecycleRegressionTest). */
    @Test
    void aChangeOfAServiceBeingDeletedOnceItIsAppliedIsNotSaidToBeDone() {
        when(changes.finish(SERVICE_ID)).thenReturn(true);

        ProcessInstance pi = start();

        assertThat(pi).isEnded().hasPassedInOrder("Task_FinishParameterChange", "Gateway_BeingDeleted",
                "EndEvent_AppliedBeingDeleted").hasNotPassed("Task_NotifyParametersChanged");
        assertThat(notifications.templates()).isEmpty();
        verify(changes).finish(SERVICE_ID);
        assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
                .variableName(ParameterChangeProcess.BEING_DELETED).count()).as("a transient fact").isZero();
    }

    @Test
    void undoesTheChangeAndTheMoneyWhenTheModuleRefusesAndTellsTheAdmins() {
        doubles.module.answers("setparam", new ModuleOutcome.Rejected("REFUSED", "refused"));

        ProcessInstance pi = start();

        assertThat(pi).isEnded().hasPassed("Task_RevertParameterChange", "Task_NotifyParametersRefused",
                "Task_TellAdminsChangeFailed", "EndEvent_ParameterChangeFailed")
                .hasNotPassed("Task_FinishParameterChange");
        assertThat(notifications.templates()).containsExactly("parameter-change-refused");
        assertThat(notifications.adminsToldOf()).containsExactly("setparam");
        assertThat(notifications.sent().get(0).params()).containsKey("message");
        verify(changes).revert(SERVICE_ID, "param-21-1", new BigDecimal("7.30"));
        verify(changes, never()).finish(anyLong());
    }
}
