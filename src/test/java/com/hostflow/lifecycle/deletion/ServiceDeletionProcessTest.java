package com.hostflow.lifecycle.deletion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.camunda.bpm.engine.impl.util.ClockUtil;
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
import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.lifecycle.NotificationDoubles;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationDoubles;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.support.StandaloneEngine;

/**
 * Every path of ServiceDeletionProcess: at once, at the period's end, sped up by an admin, withdrawn, in no module,
 * failed.
 */
@Deployment(resources = {"processes/ServiceDeletionProcess.bpmn", "processes/ModuleOperationProcess.bpmn",
        "processes/ModuleFailurePolicy.dmn"})
class ServiceDeletionProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    static final long SERVICE_ID = 21L;
    static final Instant NOW = Instant.parse("2027-03-05T10:00:00Z");

    ServiceDeletions deletions = mock(ServiceDeletions.class);
    ModuleOperationDoubles doubles;
    NotificationDoubles notifications;

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        ClockUtil.setCurrentTime(Date.from(NOW));
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine());
        LaneDoubles.register();
        notifications = NotificationDoubles.register();
        Mocks.register("registerDeletionAdapter", new RegisterDeletionAdapter(deletions));
        Mocks.register("announceDeletionAdapter", new AnnounceDeletionAdapter(deletions));
        Mocks.register("markDeletedAdapter", new MarkDeletedAdapter(deletions));
        Mocks.register("keepServiceAdapter", new KeepServiceAdapter(deletions));
        Mocks.register("deletionEndedListener", new DeletionEndedListener(deletions));
        Mocks.register("readDeletionFactsAdapter", new ReadDeletionFactsAdapter(deletions));
        when(deletions.facts(SERVICE_ID)).thenReturn(new ServiceDeletions.Facts(true, false));
        when(deletions.register(eq(SERVICE_ID), anyString())).thenReturn(new ServiceDeletions.Registered(null, true));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        ClockUtil.reset();
    }

    private ProcessInstance start() {
        return engine.getRuntimeService().startProcessInstanceByKey(ServiceDeletionProcess.KEY,
                Long.toString(SERVICE_ID), Map.of(ServiceDeletionProcess.SERVICE_ID, SERVICE_ID));
    }

    /** What the ended deletion handed a calling prolongation (deletionOutcome). */
    private Object outcome(ProcessInstance pi) {
        return engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
                .variableName(ServiceDeletionProcess.OUTCOME).singleResult().getValue();
    }

    /**
     * A prolongation modified by hand to Task_DeleteUnpaid (Cockpit's "modify") calls the deletion of a service paid
     * past today that no one asked to delete: nothing is unpaid, so nothing is registered, closed or mailed.
     */
    @Test
    void anUnaskedDeletionOfAServicePaidPastTodayIsNotDone() {
        when(deletions.facts(SERVICE_ID)).thenReturn(new ServiceDeletions.Facts(false, true));

        ProcessInstance pi = start();

        assertThat(pi).isEnded().hasPassedInOrder("Task_ReadDeletionFacts", "Gateway_PaidPastToday",
                "EndEvent_NotDeletedPaid").hasNotPassed("Task_RegisterDeletion", "Task_AnnounceDeletion");
        assertThat(outcome(pi)).as("for a calling prolongation").isEqualTo("NOT_DELETED_PAID");
        verify(deletions, never()).register(anyLong(), anyString());
        verify(deletions, never()).markDeleted(anyLong());
        assertThat(doubles.module.calls).isEmpty();
        assertThat(notifications.templates()).isEmpty();
    }

    /** An admin's deletion (on record) of a service paid past today is done: only the unasked one is not. */
    @Test
    void anAskedForDeletionOfAServicePaidPastTodayIsDone() {
        when(deletions.facts(SERVICE_ID)).thenReturn(new ServiceDeletions.Facts(true, true));

        ProcessInstance pi = start();
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("Task_RegisterDeletion", "EndEvent_Deleted");
        assertThat(outcome(pi)).isEqualTo("DELETED");
    }

    @Test
    void closesTheServiceInTheModuleAndMarksItDeleted() {
        ProcessInstance pi = start();
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Task_RegisterDeletion", "Task_AnnounceDeletion",
                "Task_TakeServiceTurn", "Task_CloseInModule", "Task_MarkDeleted", "Task_NotifyDeleted",
                "EndEvent_Deleted");
        assertThat(notifications.templates()).containsExactly("service-deleted");
        verify(deletions).announce(SERVICE_ID);
        verify(deletions).markDeleted(SERVICE_ID);
        assertThat(doubles.module.calls).containsExactly("execute close");
    }

    @Test
    void aServiceInNoModuleIsOnlyMarkedDeleted() {
        when(deletions.register(eq(SERVICE_ID), anyString())).thenReturn(new ServiceDeletions.Registered(null, false));

        ProcessInstance pi = start();

        assertThat(pi).isEnded().hasPassed("Task_MarkDeleted").hasNotPassed("Task_CloseInModule");
        assertThat(doubles.module.calls).isEmpty();
    }

    @Test
    void waitsForTheEndOfThePaidPeriod() {
        Date end = Date.from(NOW.plus(Duration.ofDays(20)));
        when(deletions.register(eq(SERVICE_ID), anyString())).thenReturn(new ServiceDeletions.Registered(end, true));

        ProcessInstance pi = start();
        assertThat(pi).isWaitingAt("Gateway_WaitForDeletion");
        verify(deletions, never()).announce(anyLong());
        assertThat(notifications.templates()).containsExactly("deletion-scheduled");
        assertThat(notifications.sent().get(0).params()).containsEntry("deleteAt", end);
        ClockUtil.setCurrentTime(Date.from(end.toInstant().plusSeconds(1)));
        execute(job(pi));
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("Timer_UntilDeletionDue", "EndEvent_Deleted");
    }

    /** Cancelled in Cockpit while it waits: the deletion on record goes with it (ServiceDeletions.ended). */
    @Test
    void aDeletionCancelledWhileItWaitsTakesItsDeletionDateWithIt() {
        when(deletions.register(eq(SERVICE_ID), anyString())).thenReturn(new ServiceDeletions.Registered(
                Date.from(NOW.plus(Duration.ofDays(20))), true));
        ProcessInstance pi = start();

        engine.getRuntimeService().deleteProcessInstance(pi.getId(), "cancelled in Cockpit");

        verify(deletions).ended(SERVICE_ID, pi.getId());
    }

    /** Its client takes the deletion back before the period ends: the service stays, the client is told. */
    @Test
    void aWithdrawnDeletionKeepsTheServiceRunning() {
        when(deletions.register(eq(SERVICE_ID), anyString())).thenReturn(new ServiceDeletions.Registered(
                Date.from(NOW.plus(Duration.ofDays(20))), true));
        ProcessInstance pi = start();

        int heard = new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService())
                .deletionWithdrawn(SERVICE_ID);

        assertThat(heard).isEqualTo(1);
        assertThat(pi).isEnded().hasPassedInOrder("Event_DeletionWithdrawn", "Task_KeepServiceRunning",
                "Task_NotifyDeletionWithdrawn", "EndEvent_DeletionWithdrawn").hasNotPassed("Task_AnnounceDeletion");
        assertThat(outcome(pi)).isEqualTo("WITHDRAWN");
        assertThat(notifications.templates()).containsExactly("deletion-scheduled", "deletion-withdrawn");
        verify(deletions).keep(SERVICE_ID);
        verify(deletions, never()).markDeleted(anyLong());
        assertThat(doubles.module.calls).isEmpty();
    }

    @Test
    void anAdminDeletionMakesAWaitingDeletionHappenNow() {
        when(deletions.register(eq(SERVICE_ID), anyString())).thenReturn(new ServiceDeletions.Registered(
                Date.from(NOW.plus(Duration.ofDays(20))), true));

        ProcessInstance pi = start();
        new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService()).deletionRequested(SERVICE_ID);
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("Event_DeletionRequestedNow", "EndEvent_Deleted")
                .hasNotPassed("Timer_UntilDeletionDue");
    }

    @Test
    void keepsTheServiceWhenTheModuleCannotCloseItAndTellsTheAdmins() {
        doubles.module.answers("close", new ModuleOutcome.Rejected("Err_VmManager", "locked"));

        ProcessInstance pi = start();
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("Task_KeepService", "Task_TellAdminsDeletionFailed",
                "EndEvent_DeletionFailed");
        assertThat(outcome(pi)).isEqualTo("KEPT");
        assertThat(notifications.templates()).isEmpty();
        assertThat(notifications.adminsToldOf()).containsExactly("close");
        verify(deletions).keep(SERVICE_ID);
        verify(deletions, never()).markDeleted(anyLong());
    }
}
