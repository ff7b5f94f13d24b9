package com.hostflow.lifecycle.suspension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
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
import com.hostflow.lifecycle.ServiceLanes;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationDoubles;
import com.hostflow.lifecycle.prolongation.ServiceProlongations;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.services.SuspensionReason;
import com.hostflow.support.StandaloneEngine;

/**
 * Every path of ServiceSuspensionProcess on a standalone engine, with the real SuspensionTiming table and
 * ModuleOperationProcess; the database-backed services are Mockito doubles.
 */
@Deployment(resources = {"processes/ServiceSuspensionProcess.bpmn", "processes/SuspensionTiming.dmn",
        "processes/ModuleOperationProcess.bpmn", "processes/ModuleFailurePolicy.dmn"})
class ServiceSuspensionProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    static final long SERVICE_ID = 7L;
    static final Instant DUE = Instant.parse("2027-03-05T02:30:00Z");

    ServiceSuspensions suspensions = mock(ServiceSuspensions.class);
    ServiceProlongations prolongations = mock(ServiceProlongations.class);
    ModuleOperationDoubles doubles;
    ServiceLanes lanes;
    NotificationDoubles notifications;

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        ClockUtil.setCurrentTime(Date.from(DUE));
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine());
        lanes = LaneDoubles.register();
        notifications = NotificationDoubles.register();
        Mocks.register("readSuspensionFactsAdapter", new ReadSuspensionFactsAdapter(suspensions));
        Mocks.register("scheduleSuspensionAdapter", new ScheduleSuspensionAdapter(suspensions));
        Mocks.register("readServiceStateAdapter", new ReadServiceStateAdapter(suspensions, prolongations));
        Mocks.register("markSuspendedAdapter", new MarkSuspendedAdapter(suspensions));
        Mocks.register("checkPaymentAdapter", new CheckPaymentAdapter(prolongations));
        when(suspensions.facts(eq(SERVICE_ID), any())).thenReturn(new ServiceSuspensions.Facts(DUE, 0, false));
        when(suspensions.state(SERVICE_ID)).thenReturn("RUNNING");
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        ClockUtil.reset();
    }

    private ProcessInstance start(SuspensionReason reason) {
        return engine.getRuntimeService().startProcessInstanceByKey(ServiceSuspensionProcess.KEY,
                Long.toString(SERVICE_ID), Map.of(ServiceSuspensionProcess.SERVICE_ID, SERVICE_ID,
                        ServiceSuspensionProcess.REASON, reason.name()));
    }

    private Object outcome(ProcessInstance pi) {
        return engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
                .variableName(ServiceSuspensionProcess.OUTCOME).singleResult().getValue();
    }

    private void pay() {
        new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService()).paymentReceived(SERVICE_ID);
    }

    @Test
    void anAdminSuspensionStopsARunningServiceAndThenWritesTheReason() {
        ProcessInstance pi = start(SuspensionReason.ADMIN);
        assertThat(pi).isWaitingAt("Task_SuspendInModule");
        verify(suspensions, never()).markSuspended(anyLong(), any());
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Task_ReadSuspensionFacts", "Task_DecideSuspensionTiming",
                "Task_TakeServiceTurn", "Task_ReadServiceState", "Task_SuspendInModule", "Task_MarkSuspended",
                "EndEvent_Suspended").hasNotPassed("Task_CheckPaymentFirst");
        assertThat(notifications.templates()).containsExactly("service-suspended");
        assertThat(notifications.adminsToldOf()).isEmpty();
        assertThat(notifications.sent().get(0).params()).containsEntry("reason", "ADMIN");
        assertThat(doubles.module.count("execute suspend")).isEqualTo(1);
        verify(suspensions).markSuspended(SERVICE_ID, SuspensionReason.ADMIN);
        verify(suspensions).notBefore(SERVICE_ID, DUE, 0, false);
        verify(lanes).release(pi.getId());
        assertThat(outcome(pi)).isEqualTo("SUSPENDED");
    }

    /**
     * An admin deleted the service while the module stopped it for BILLING (the deletion does not wait for the stop):
     * the reason is written, and the client is not asked to top up a service that is going; the deletion tells it.
     */
    @Test
    void aServiceBeingDeletedOnceStoppedIsSuspendedWithoutAMail() {
        when(suspensions.markSuspended(SERVICE_ID, SuspensionReason.BILLING)).thenReturn(true);

        ProcessInstance pi = start(SuspensionReason.BILLING);
        doubles.settle();

        assertThat(pi).isEnded().hasPassedInOrder("Task_SuspendInModule", "Task_MarkSuspended",
                "Gateway_BeingDeleted", "EndEvent_SuspendedBeingDeleted").hasNotPassed("Task_NotifySuspended");
        assertThat(notifications.templates()).isEmpty();
        assertThat(outcome(pi)).isEqualTo("SUSPENDED");
    }

    @Test
    void aServiceStoppedForAnotherReasonOnlyGetsTheReason() {
        when(suspensions.state(SERVICE_ID)).thenReturn("STOPPED");

        ProcessInstance pi = start(SuspensionReason.ABUSE);

        assertThat(notifications.templates()).as("stopped already: nothing new to tell").isEmpty();
        assertThat(pi).isEnded().hasPassed("Task_AddSuspensionReason", "EndEvent_ReasonAdded")
                .hasNotPassed("Task_SuspendInModule");
        verify(suspensions).markSuspended(SERVICE_ID, SuspensionReason.ABUSE);
        assertThat(doubles.module.calls).isEmpty();
    }

    @Test
    void aDeletedServiceIsLeftAlone() {
        when(suspensions.state(SERVICE_ID)).thenReturn("GONE");

        ProcessInstance pi = start(SuspensionReason.ADMIN);

        assertThat(pi).isEnded().hasPassed("EndEvent_ServiceGone");
        assertThat(outcome(pi)).isEqualTo("GONE");
        verify(suspensions, never()).markSuspended(anyLong(), any());
    }

    @Test
    void aPaymentThatCameFirstCancelsABillingSuspension() {
        when(prolongations.coversNextPeriod(SERVICE_ID)).thenReturn(true);

        ProcessInstance pi = start(SuspensionReason.BILLING);

        assertThat(pi).isEnded().hasPassed("Task_CheckPaymentFirst", "EndEvent_CancelledByPayment")
                .hasNotPassed("Task_TakeServiceTurn");
        assertThat(outcome(pi)).isEqualTo("PAID");
        assertThat(doubles.module.calls).isEmpty();
    }

    /**
     * A prolongation modified by hand to Task_SuspendForBilling (Cockpit's "modify") calls a BILLING suspension of a
     * service paid past today: it owes nothing, so it is neither stopped nor charged (NOT_DUE, not PAID, which would
     * make the prolongation charge the next period), whatever the balance says.
     */
    @Test
    void aServicePaidPastTodayIsNotSuspendedForBilling() {
        when(prolongations.paidPastToday(SERVICE_ID)).thenReturn(true);
        when(prolongations.coversNextPeriod(SERVICE_ID)).thenReturn(true);

        ProcessInstance pi = start(SuspensionReason.BILLING);

        assertThat(pi).isEnded().hasPassedInOrder("Task_CheckPaymentFirst", "Gateway_PaidBefore",
                "EndEvent_PaidPastToday").hasNotPassed("Task_ReadSuspensionFacts", "EndEvent_CancelledByPayment");
        assertThat(outcome(pi)).isEqualTo("NOT_DUE");
        assertThat(doubles.module.calls).isEmpty();
        verify(suspensions, never()).markSuspended(anyLong(), any());
    }

    @Test
    void theTimingTableMakesABillingSuspensionWaitForItsGraceDaysOnWorkingDays() {
        when(suspensions.facts(SERVICE_ID, SuspensionReason.BILLING))
                .thenReturn(new ServiceSuspensions.Facts(DUE, 3, true));
        Date monday = Date.from(DUE.plus(Duration.ofDays(3)));
        when(suspensions.notBefore(SERVICE_ID, DUE, 3, true)).thenReturn(monday);

        ProcessInstance pi = start(SuspensionReason.BILLING);
        assertThat(pi).isWaitingAt("Gateway_WaitForSuspension");
        ClockUtil.setCurrentTime(Date.from(monday.toInstant().plusSeconds(1)));
        execute(job(pi));
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("Timer_UntilSuspensionAllowed", "EndEvent_Suspended");
        verify(suspensions).markSuspended(SERVICE_ID, SuspensionReason.BILLING);
    }

    @Test
    void aWaitingBillingSuspensionIsCancelledByAPaymentThatCoversThePeriod() {
        when(suspensions.notBefore(eq(SERVICE_ID), any(), anyInt(), anyBoolean()))
                .thenReturn(Date.from(DUE.plus(Duration.ofDays(2))));
        when(prolongations.coversNextPeriod(SERVICE_ID)).thenReturn(false, false, true);

        ProcessInstance pi = start(SuspensionReason.BILLING);
        pay();
        assertThat(pi).as("too little money: it waits on").isWaitingAt("Gateway_WaitForSuspension");
        pay();

        assertThat(pi).isEnded().hasPassed("Task_CheckPaymentWhileWaiting", "EndEvent_CancelledByPayment");
        assertThat(outcome(pi)).isEqualTo("PAID");
        assertThat(doubles.module.calls).isEmpty();
    }

    @Test
    void aSuspensionThatWouldWaitForAServiceBeingDeletedIsLeftToTheDeletion() {
        // a deletion that told the service's waits before this one began would never reach it
        when(suspensions.notBefore(eq(SERVICE_ID), any(), anyInt(), anyBoolean()))
                .thenReturn(Date.from(DUE.plus(Duration.ofDays(2))));
        when(suspensions.deletionPending(SERVICE_ID)).thenReturn(true);

        ProcessInstance pi = start(SuspensionReason.BILLING);

        assertThat(pi).isEnded().hasPassed("Task_ScheduleSuspension", "EndEvent_LeftToDeletion")
                .hasNotPassed("Gateway_WaitForSuspension", "Task_SuspendInModule");
        assertThat(outcome(pi)).isEqualTo("DELETED");
    }

    @Test
    void aWaitingSuspensionEndsWhenTheServiceIsDeleted() {
        when(suspensions.notBefore(eq(SERVICE_ID), any(), anyInt(), anyBoolean()))
                .thenReturn(Date.from(DUE.plus(Duration.ofDays(2))));

        ProcessInstance pi = start(SuspensionReason.BILLING);
        new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService()).deletionRequested(SERVICE_ID);

        assertThat(pi).isEnded().hasPassed("EndEvent_CancelledByDeletion");
        assertThat(outcome(pi)).isEqualTo("DELETED");
    }

    @Test
    void theClientsProlongationCancelsTheBillingSuspensionOfTheProlongationThatCalledIt() {
        when(suspensions.notBefore(eq(SERVICE_ID), any(), anyInt(), anyBoolean()))
                .thenReturn(Date.from(DUE.plus(Duration.ofDays(2))));
        ProcessInstance admins = start(SuspensionReason.ADMIN);
        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(ServiceSuspensionProcess.KEY,
                Long.toString(SERVICE_ID), Map.of(ServiceSuspensionProcess.SERVICE_ID, SERVICE_ID,
                        ServiceSuspensionProcess.REASON, "BILLING", "prolongationClaim", "claim-7"));
        LifecycleEvents events = new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService());

        int strangers = events.prolongationRequested(SERVICE_ID, "prolongationClaim", "claim-6", Map.of("period", "DAY"));
        int heard = events.prolongationRequested(SERVICE_ID, "prolongationClaim", "claim-7", Map.of("period", "DAY"));

        assertThat(strangers).as("another claim's prolongation").isZero();
        assertThat(heard).isEqualTo(1);
        assertThat(pi).isEnded().hasPassed("Event_ProlongationRequested", "EndEvent_CancelledByProlongation")
                .hasNotPassed("Task_TakeServiceTurn");
        assertThat(outcome(pi)).isEqualTo("PROLONGATION_REQUESTED");
        assertThat(admins).as("an admin's suspension never hears it").isWaitingAt("Gateway_WaitForSuspension");
    }

    /**
     * Paid while the module stopped the service, and then the module refuses to start it again: the service is marked
     * SUSPENDED for RESTART_FAILED (not BILLING: it is paid), so that it says its VM is stopped and an admin's resume
     * tries the start again; the admins and the client are told, and the outcome stays PAID for the prolongation (the
     * period is paid). It used to stay ACTIVE with its VM stopped, and a resume of an ACTIVE service is 409.
     */
    /**
     * Paid while the module stopped the service, its start refused, and an admin's deletion (which does not wait for
     * the stop) is due: the admins hear of the refused start, the client only of the deletion, not that its paid
     * service is stopped.
     */
    @Test
    void aRefusedRestartOfAServiceBeingDeletedTellsOnlyTheAdmins() {
        when(prolongations.coversNextPeriod(SERVICE_ID)).thenReturn(false, false, true);
        when(suspensions.markSuspended(SERVICE_ID, SuspensionReason.RESTART_FAILED)).thenReturn(true);
        doubles.module.answers("resume", new ModuleOutcome.Rejected("Err_HostNotFound", "no such host"));

        ProcessInstance pi = start(SuspensionReason.BILLING);
        pay();
        doubles.settle();

        assertThat(notifications.templates()).as("no 'stopped though paid' mail").isEmpty();
        assertThat(notifications.adminsToldOf()).containsExactly("resume");
        assertThat(pi).isEnded().hasPassedInOrder("Task_MarkRestartFailed", "Task_TellAdminsRestartFailed",
                "Gateway_BeingDeletedAfterRestartFailed", "EndEvent_RestartFailedBeingDeleted")
                .hasNotPassed("Task_TellClientRestartFailed");
        assertThat(outcome(pi)).isEqualTo("PAID");
    }

    @Test
    void aRestartTheModuleRefusesAfterAPaymentLeavesTheServiceSuspendedForTheRefusedStart() {
        when(prolongations.coversNextPeriod(SERVICE_ID)).thenReturn(false, false, true);
        doubles.module.answers("resume", new ModuleOutcome.Rejected("Err_HostNotFound", "no such host"));

        ProcessInstance pi = start(SuspensionReason.BILLING);
        pay();
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("Task_ResumeInModule", "Event_RestartFailed", "Task_MarkRestartFailed",
                "Task_TellAdminsRestartFailed", "Task_TellClientRestartFailed", "EndEvent_RestartFailed")
                .hasNotPassed("EndEvent_RestartedAfterPayment", "Task_MarkSuspended");
        assertThat(outcome(pi)).isEqualTo("PAID");
        verify(suspensions).markSuspended(SERVICE_ID, SuspensionReason.RESTART_FAILED);
        verify(suspensions, never()).markSuspended(SERVICE_ID, SuspensionReason.BILLING);
        assertThat(notifications.adminsToldOf()).containsExactly("resume");
        assertThat(notifications.sent()).singleElement().satisfies(mail -> {
            assertThat(mail.template()).isEqualTo("service-suspended");
            assertThat(mail.params()).containsEntry("reason", "RESTART_FAILED");
        });
    }

    @Test
    void aPaymentWhileTheModuleStopsTheServiceStartsItAgain() {
        // not paid at the start, nor when the turn is taken; paid after the module call began
        when(prolongations.coversNextPeriod(SERVICE_ID)).thenReturn(false, false, true);

        ProcessInstance pi = start(SuspensionReason.BILLING);
        assertThat(pi).isWaitingAt("Task_SuspendInModule");
        pay();
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("EndEvent_PaymentNoted", "Task_CheckPaymentAfterSuspending",
                "Task_ResumeInModule", "EndEvent_RestartedAfterPayment").hasNotPassed("Task_MarkSuspended");
        assertThat(notifications.templates()).isEmpty();
        assertThat(doubles.module.calls).containsExactly("execute suspend", "execute resume");
        assertThat(outcome(pi)).isEqualTo("PAID");
        verify(suspensions, never()).markSuspended(anyLong(), any());
    }

    @Test
    void aPaymentWhileTheModuleStopsTheServiceKeepsTheServicesTurnUntilTheSuspensionEnds() {
        // long run seed -1615901453591278617: a SUSPENDED service with a running host after an ADMIN and a BILLING
        // suspension met a payment; the turn must stay with the suspension while its module call runs
        when(prolongations.coversNextPeriod(SERVICE_ID)).thenReturn(false, false, true);

        ProcessInstance pi = start(SuspensionReason.BILLING);
        assertThat(pi).isWaitingAt("Task_SuspendInModule");
        pay();

        assertThat(pi).hasPassed("EndEvent_PaymentNoted").isWaitingAt("Task_SuspendInModule");
        verify(lanes, never()).release(anyString());
        doubles.settle();
        assertThat(pi).isEnded();
        verify(lanes).release(pi.getId());
    }

    @Test
    void aPaymentWhileTheModuleStopsTheServiceForAnAdminNeitherRestartsItNorFreesItsTurnEarly() {
        when(prolongations.coversNextPeriod(SERVICE_ID)).thenReturn(true);

        ProcessInstance pi = start(SuspensionReason.ADMIN);
        assertThat(pi).isWaitingAt("Task_SuspendInModule");
        pay();
        verify(lanes, never()).release(anyString());
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("Task_MarkSuspended", "EndEvent_Suspended")
                .hasNotPassed("Task_ResumeInModule");
        assertThat(doubles.module.calls).containsExactly("execute suspend");
        verify(suspensions).markSuspended(SERVICE_ID, SuspensionReason.ADMIN);
    }

    @Test
    void aPaymentWhileTheModuleStopsTheServiceThatDoesNotCoverThePeriodChangesNothing() {
        when(prolongations.coversNextPeriod(SERVICE_ID)).thenReturn(false);

        ProcessInstance pi = start(SuspensionReason.BILLING);
        pay();
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("Task_CheckPaymentAfterSuspending", "EndEvent_Suspended");
        verify(suspensions).markSuspended(SERVICE_ID, SuspensionReason.BILLING);
    }

    @Test
    void aPaymentWhileABillingSuspensionWaitsForTheServicesTurnCancelsIt() {
        // the wait for the turn has no payment event: the balance is read again, under the account's lock, in the
        // transaction that would start the module call (and its wait for a payment)
        when(lanes.take(anyLong(), anyString())).thenReturn(false, true);
        when(prolongations.coversNextPeriod(SERVICE_ID)).thenReturn(false, true);

        ProcessInstance pi = start(SuspensionReason.BILLING);
        assertThat(pi).isWaitingAt("Gateway_TurnOrRecheck");
        pay();
        new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService()).giveTurns(java.util.List.of(pi.getId()));
        execute(job(pi));

        assertThat(pi).isEnded().hasPassedInOrder("Event_TurnGiven", "Task_ReadServiceState",
                "EndEvent_PaidBeforeStopping").hasNotPassed("Task_SuspendInModule", "Task_AddSuspensionReason");
        assertThat(outcome(pi)).isEqualTo("PAID");
        assertThat(doubles.module.calls).isEmpty();
        verify(suspensions, never()).markSuspended(anyLong(), any());
        verify(lanes).release(pi.getId());
    }

    @Test
    void aBillingSuspensionOfAServiceDeletedMeanwhileAsksNothingOfItsBalance() {
        // the deleted service's tariff may be gone as well: its next period has no price
        when(suspensions.state(SERVICE_ID)).thenReturn("GONE");
        when(prolongations.coversNextPeriod(SERVICE_ID)).thenReturn(false)
                .thenThrow(new IllegalStateException("service 7 has unknown tariff 3"));

        ProcessInstance pi = start(SuspensionReason.BILLING);

        assertThat(pi).isEnded().hasPassed("EndEvent_ServiceGone");
        assertThat(outcome(pi)).isEqualTo("GONE");
    }

    @Test
    void aServiceStoppedForAnotherReasonGetsNoBillingReasonWhenItWasPaidMeanwhile() {
        when(suspensions.state(SERVICE_ID)).thenReturn("STOPPED");
        when(prolongations.coversNextPeriod(SERVICE_ID)).thenReturn(false, true);

        ProcessInstance pi = start(SuspensionReason.BILLING);

        assertThat(pi).isEnded().hasPassed("EndEvent_PaidBeforeStopping").hasNotPassed("Task_AddSuspensionReason");
        verify(suspensions, never()).markSuspended(anyLong(), any());
    }

    @Test
    void aFailedModuleCallWritesNothingAndTellsTheAdmins() {
        doubles.module.answers("suspend", new ModuleOutcome.Rejected("Err_HostNotFound", "no such host"));

        ProcessInstance pi = start(SuspensionReason.ADMIN);
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("Task_TellAdminsSuspensionFailed", "EndEvent_SuspensionFailed");
        assertThat(notifications.adminsToldOf()).containsExactly("suspend");
        assertThat(notifications.templates()).as("the client hears of no suspension").isEmpty();
        assertThat(outcome(pi)).isEqualTo("FAILED");
        verify(suspensions, never()).markSuspended(anyLong(), any());
    }

    @Test
    void waitsForTheServicesTurnWhileAnotherChangeIsUnderWay() {
        when(lanes.take(anyLong(), anyString())).thenReturn(false, true);

        ProcessInstance pi = start(SuspensionReason.ADMIN);
        assertThat(pi).isWaitingAt("Gateway_TurnOrRecheck");
        assertThat(doubles.module.calls).isEmpty();
        new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService()).giveTurns(java.util.List.of(pi.getId()));
        doubles.settle();

        assertThat(pi).isEnded().hasPassed("Event_TurnGiven", "EndEvent_Suspended");
    }
}
