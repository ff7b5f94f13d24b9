package com.hostflow.lifecycle.failedclose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

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

import com.hostflow.lifecycle.NotificationDoubles;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationDoubles;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.services.OperationJournal;
import com.hostflow.support.StandaloneEngine;

/**
 * Both paths of FailedServiceCloseProcess: the module closes what a FAILED service's open made, or refuses again and
 * the admins are told.
 */
@Deployment(resources = {"processes/FailedServiceCloseProcess.bpmn", "processes/ModuleOperationProcess.bpmn",
        "processes/ModuleFailurePolicy.dmn"})
class FailedServiceCloseProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    static final long SERVICE_ID = 23L;

    ModuleOperationDoubles doubles;
    NotificationDoubles notifications;

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine());
        notifications = NotificationDoubles.register();
    }

    @AfterEach
    void reset() {
        Mocks.reset();
    }

    private ProcessInstance start() {
        return engine.getRuntimeService().startProcessInstanceByKey(FailedServiceCloseProcess.KEY,
                Long.toString(SERVICE_ID), Map.of(FailedServiceCloseProcess.SERVICE_ID, SERVICE_ID));
    }

    @Test
    void theModuleClosesWhatTheOpenMadeAndTheProcessEnds() {
        ProcessInstance pi = start();
        assertThat(pi).isWaitingAt(FailedServiceCloseProcess.TASK_CLOSE);
        ProcessInstance close = engine.getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(pi.getId()).singleResult();
        assertThat(close.getBusinessKey()).isEqualTo(Long.toString(SERVICE_ID));
        assertThat(engine.getRuntimeService().getVariables(close.getId())).containsEntry(
                ModuleOperationProcess.OPERATION, "close").containsEntry(ModuleOperationProcess.OPERATION_KEY,
                        OperationJournal.operationKey(SERVICE_ID, "close", pi.getId()));

        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder(FailedServiceCloseProcess.TASK_CLOSE,
                FailedServiceCloseProcess.END_CLOSED).hasNotPassed(FailedServiceCloseProcess.TASK_TELL_ADMINS);
        assertThat(doubles.module.calls).containsExactly("execute close");
        assertThat(notifications.adminsToldOf()).isEmpty();
        assertThat(notifications.templates()).as("nothing for the client: its service is deleted").isEmpty();
    }

    @Test
    void aCloseTheModuleRefusesAgainTellsTheAdminsAndEnds() {
        doubles.module.answers("close", new ModuleOutcome.Rejected("Err_Locked", "the host is locked"));

        ProcessInstance pi = start();
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder(FailedServiceCloseProcess.TASK_CLOSE,
                FailedServiceCloseProcess.TASK_TELL_ADMINS, FailedServiceCloseProcess.END_CLOSE_FAILED)
                .hasNotPassed(FailedServiceCloseProcess.END_CLOSED);
        assertThat(notifications.adminsToldOf()).containsExactly("close");
        assertThat(notifications.templates()).isEmpty();
    }
}
