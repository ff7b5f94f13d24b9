package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
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

import com.hostflow.credentials.ReadResetServiceStateAdapter;
import com.hostflow.credentials.ServicePasswordResetProcess;
import com.hostflow.credentials.ServicePasswordResets;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationDoubles;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.notifications.NotificationRequest;
import com.hostflow.notifications.Notifications;
import com.hostflow.notifications.NotifyClientAdapter;
import com.hostflow.notifications.RefusedOperationNotifications;
import com.hostflow.support.StandaloneEngine;

/**
 * Every path of ServicePasswordResetProcess: the module changes the password, or fails (the client is told either
 * way), and a reset waits for the service's turn while another change of the service is under way.
 */
@Deployment(resources = {"processes/ServicePasswordResetProcess.bpmn", "processes/ModuleOperationProcess.bpmn",
        "processes/ModuleFailurePolicy.dmn"})
class ServicePasswordResetProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    static final long SERVICE_ID = 12L;

    Notifications notifications = mock(Notifications.class);
    RefusedOperationNotifications admins = mock(RefusedOperationNotifications.class);
    ServicePasswordResets resets = mock(ServicePasswordResets.class);
    ModuleOperationDoubles doubles;
    ServiceLanes lanes;

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine());
        lanes = LaneDoubles.register();
        Mocks.register("notifyClientAdapter", new NotifyClientAdapter(notifications));
        Mocks.register("tellAdminsOfRefusalAdapter", new TellAdminsOfRefusalAdapter(admins));
        Mocks.register("readResetServiceStateAdapter", new ReadResetServiceStateAdapter(resets));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
    }

    private ProcessInstance start() {
        return engine.getRuntimeService().startProcessInstanceByKey(ServicePasswordResetProcess.KEY,
                Long.toString(SERVICE_ID), Map.of(ServicePasswordResetProcess.SERVICE_ID, SERVICE_ID));
    }

    @Test
    void theModuleChangesThePasswordAndTheClientIsTold() {
        ProcessInstance pi = start();
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder(ServicePasswordResetProcess.TASK_CHANGE_PASSWORD,
                "Task_ReadWhetherBeingDeleted", "Gateway_BeingDeleted", ServicePasswordResetProcess.TASK_NOTIFY_CHANGED,
                ServicePasswordResetProcess.END_CHANGED);
        assertThat(doubles.module.count("execute " + ServicePasswordResetProcess.OPERATION)).isEqualTo(1);
        verify(notifications).enqueue(argThat((NotificationRequest request) ->
                request.template().equals(ServicePasswordResetProcess.TEMPLATE_CHANGED)
                        && request.serviceId() == SERVICE_ID
                        && request.idempotencyKey().equals(pi.getId() + ":"
                                + ServicePasswordResetProcess.TASK_NOTIFY_CHANGED)));
        verify(admins, never()).tellAdmins(anyLong(), anyString(), anyString());
    }

    @Test
    void aModuleThatCannotChangeItLeavesThePasswordAndTellsTheClient() {
        doubles.module.answers(ServicePasswordResetProcess.OPERATION,
                new ModuleOutcome.Rejected("Err_HostNotFound", "no such host"));

        ProcessInstance pi = start();
        doubles.settle();

        assertThat(pi).isEnded().hasPassed(ServicePasswordResetProcess.TASK_NOTIFY_FAILED,
                "Task_TellAdminsPasswordChangeFailed", ServicePasswordResetProcess.END_FAILED)
                .hasNotPassed(ServicePasswordResetProcess.TASK_NOTIFY_CHANGED);
        verify(admins).tellAdmins(eq(SERVICE_ID), eq("reset_password"), anyString());
        verify(notifications).enqueue(argThat((NotificationRequest request) ->
                request.template().equals(ServicePasswordResetProcess.TEMPLATE_FAILED)));
        verify(notifications, never()).enqueue(argThat((NotificationRequest request) ->
                request.template().equals(ServicePasswordResetProcess.TEMPLATE_CHANGED)));
    }

    /**
     * An admin's deletion came while the module changed the password (LifecycleRegressionTest): the client is not sent
     * to credentials the deletion removes.
     */
    @Test
    void aServiceBeingDeletedOnceItsPasswordChangedIsNotSaidToHaveANewOne() {
        when(resets.beingDeleted(SERVICE_ID)).thenReturn(true);

        ProcessInstance pi = start();
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder(ServicePasswordResetProcess.TASK_CHANGE_PASSWORD,
                "Task_ReadWhetherBeingDeleted", "Gateway_BeingDeleted",
                ServicePasswordResetProcess.END_CHANGED_BEING_DELETED)
                .hasNotPassed(ServicePasswordResetProcess.TASK_NOTIFY_CHANGED);
        verify(notifications, never()).enqueue(any());
        verify(admins, never()).tellAdmins(anyLong(), anyString(), anyString());
        assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
                .variableName(ServicePasswordResetProcess.BEING_DELETED).count()).as("a transient fact").isZero();
    }

    /** A deletion or suspension of the service under way: the reset calls the module only once it has the turn. */
    @Test
    void waitsForTheServicesTurnWhileAnotherChangeIsUnderWay() {
        when(lanes.take(anyLong(), anyString())).thenReturn(false, true);

        ProcessInstance pi = start();
        assertThat(pi).isWaitingAt("Gateway_TurnOrRecheck");
        assertThat(doubles.module.calls).isEmpty();
        new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService()).giveTurns(List.of(pi.getId()));
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Event_TurnGiven", "Task_TakeServiceTurn",
                ServicePasswordResetProcess.TASK_CHANGE_PASSWORD, ServicePasswordResetProcess.END_CHANGED);
        assertThat(doubles.module.count("execute " + ServicePasswordResetProcess.OPERATION)).isEqualTo(1);
        verify(lanes).release(pi.getId());
    }
}
