package com.hostflow.lifecycle.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.VariableInstance;
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

/** Every path of ServiceResumeProcess: the module starts the service before the reasons are lifted. */
@Deployment(resources = {"processes/ServiceResumeProcess.bpmn", "processes/ModuleOperationProcess.bpmn",
        "processes/ModuleFailurePolicy.dmn"})
class ServiceResumeProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    static final long SERVICE_ID = 11L;

    ServiceResumes resumes = mock(ServiceResumes.class);
    ModuleOperationDoubles doubles;
    NotificationDoubles notifications;

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine());
        LaneDoubles.register();
        notifications = NotificationDoubles.register();
        Mocks.register("readResumeFactsAdapter", new ReadResumeFactsAdapter(resumes));
        Mocks.register("liftReasonsAdapter", new LiftReasonsAdapter(resumes));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
    }

    private ProcessInstance start(String reasons) {
        return engine.getRuntimeService().startProcessInstanceByKey(ServiceResumeProcess.KEY,
                Long.toString(SERVICE_ID), Map.of(ServiceResumeProcess.SERVICE_ID, SERVICE_ID,
                        ServiceResumeProcess.REASONS, reasons));
    }

    @Test
    void startsTheServiceInTheModuleAndThenLiftsTheLastReason() {
        when(resumes.state(SERVICE_ID, "ADMIN")).thenReturn("RESUMES");

        ProcessInstance pi = start("ADMIN");
        assertThat(pi).isWaitingAt("Task_ResumeInModule");
        verify(resumes, never()).lift(anyLong(), anyString());
        assertThat(engine.getRuntimeService().createVariableInstanceQuery().processInstanceIdIn(pi.getId()).list())
                .as("the turn taken and what lifting leaves are read by the gateway after their step alone")
                .extracting(VariableInstance::getName)
                .containsExactlyInAnyOrder(ServiceResumeProcess.SERVICE_ID, ServiceResumeProcess.REASONS);
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Task_ReadResumeFacts", "Task_ResumeInModule",
                "Task_LiftReasonsAndActivate", "Gateway_BeingDeleted", "Task_NotifyResumed", "EndEvent_Resumed");
        assertThat(notifications.templates()).containsExactly("service-resumed");
        assertThat(notifications.adminsToldOf()).isEmpty();
        verify(resumes).lift(SERVICE_ID, "ADMIN");
        assertThat(doubles.module.calls).containsExactly("execute resume");
    }

    /** MoneyRaceProbeTest's bursts: an admin's deletion came while the module started the service. */
    @Test
    void aServiceBeingDeletedOnceItRunsIsNotSaidToRunAgain() {
        when(resumes.state(SERVICE_ID, "ADMIN")).thenReturn("RESUMES");
        when(resumes.lift(SERVICE_ID, "ADMIN")).thenReturn(true);

        ProcessInstance pi = start("ADMIN");
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Task_LiftReasonsAndActivate", "Gateway_BeingDeleted",
                "EndEvent_ResumedBeingDeleted").hasNotPassed("Task_NotifyResumed");
        assertThat(notifications.templates()).isEmpty();
        assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
                .variableName(ServiceResumeProcess.BEING_DELETED).count()).as("a transient fact").isZero();
    }

    @Test
    void aFailedStartKeepsTheReasonsSoTheServiceCanBeResumedAgain() {
        when(resumes.state(SERVICE_ID, "BILLING")).thenReturn("RESUMES");
        doubles.module.answers("resume", new ModuleOutcome.Rejected("Err_HostNotFound", "no such host"));

        ProcessInstance pi = start("BILLING");
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("Task_TellAdminsResumeFailed", "EndEvent_ResumeFailed")
                .hasNotPassed("Task_LiftReasonsAndActivate");
        assertThat(notifications.templates()).isEmpty();
        assertThat(notifications.adminsToldOf()).containsExactly("resume");
        verify(resumes, never()).lift(anyLong(), anyString());
    }

    @Test
    void liftsTheReasonsButStaysStoppedWhileOthersAreInForce() {
        when(resumes.state(SERVICE_ID, "ADMIN")).thenReturn("STAYS");

        ProcessInstance pi = start("ADMIN");

        assertThat(pi).isEnded().hasPassed("Task_LiftReasons", "EndEvent_StillSuspended")
                .hasNotPassed("Task_ResumeInModule");
        verify(resumes).lift(SERVICE_ID, "ADMIN");
        assertThat(doubles.module.calls).isEmpty();
    }

    @Test
    void doesNothingForReasonsNotInForce() {
        when(resumes.state(SERVICE_ID, "ABUSE")).thenReturn("NOTHING");

        ProcessInstance pi = start("ABUSE");

        assertThat(pi).isEnded().hasPassed("EndEvent_NothingToResume");
        verify(resumes, never()).lift(anyLong(), anyString());
    }
}
