package com.hostflow.lifecycle.prolongation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.lifecycle.NotificationDoubles;
import com.hostflow.lifecycle.prolongation.ServiceProlongations.Charged;
import com.hostflow.lifecycle.prolongation.ServiceProlongations.Facts;
import com.hostflow.notifications.RenewalMails;
import com.hostflow.support.StandaloneEngine;

/**
 * Every path of ServiceProlongationProcess with the real ProlongationDecision table; the suspension, resume and
 * deletion it calls are stand-ins that end the way a test needs, and the money is a Mockito double.
 */
@Deployment(resources = {"processes/ServiceProlongationProcess.bpmn", "processes/ProlongationDecision.dmn"})
class ServiceProlongationProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    static final long SERVICE_ID = 13L;
    static final String CLAIM = "claim-13";
    static final Instant NOW = Instant.parse("2027-03-05T02:30:00Z");
    static final Charged PAID = new Charged(true, false, null);
    static final Charged UNPAID = new Charged(false, false, null);

    ServiceProlongations prolongations = mock(ServiceProlongations.class);
    RenewalMails renewalMails = mock(RenewalMails.class);
    NotificationDoubles notifications;

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        ClockUtil.setCurrentTime(Date.from(NOW));
        Mocks.register("readProlongationFactsAdapter", new ReadProlongationFactsAdapter(prolongations));
        Mocks.register("chargeNextPeriodAdapter", new ChargeNextPeriodAdapter(prolongations, renewalMails));
        Mocks.register("prolongationEndedListener", new ProlongationEndedListener(prolongations));
        notifications = NotificationDoubles.register();
        when(prolongations.facts(SERVICE_ID)).thenReturn(new Facts(false, false, false, "ACTIVE", false));
        stub("ServiceResumeProcess", null);
        stub("ServiceDeletionProcess", "deletionOutcome", "DELETED");
        stub("ServiceSuspensionProcess", "SUSPENDED");
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        ClockUtil.reset();
    }

    /** A stand-in for a called process that ends at once, handing back {@code outcome} as suspensionOutcome. */
    private void stub(String key, String outcome) {
        stub(key, "suspensionOutcome", outcome);
    }

    /** A stand-in for a called process that ends at once, handing back {@code outcome} as {@code variable}. */
    private void stub(String key, String variable, String outcome) {
        var builder = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1).startEvent().endEvent();
        if (outcome != null) {
            builder = builder.camundaExecutionListenerExpression("start",
                    "${execution.setVariable('" + variable + "', '" + outcome + "')}");
        }
        engine.getRepositoryService().createDeployment().addModelInstance(key + ".bpmn", builder.done()).deploy();
    }

    private ProcessInstance start(String period) {
        return start(period, Map.of());
    }

    private ProcessInstance start(String period, Map<String, Object> more) {
        Map<String, Object> variables = new HashMap<>(more);
        variables.put(ServiceProlongationProcess.SERVICE_ID, SERVICE_ID);
        variables.put(ServiceProlongationProcess.CLAIM, CLAIM);
        if (period != null) {
            variables.put(ServiceProlongationProcess.PERIOD, period);
        }
        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(ServiceProlongationProcess.KEY,
                Long.toString(SERVICE_ID), variables);
        execute(job(pi));
        return pi;
    }

    private boolean called(ProcessInstance pi, String key) {
        return engine.getHistoryService().createHistoricProcessInstanceQuery().superProcessInstanceId(pi.getId())
                .processDefinitionKey(key).count() > 0;
    }

    @Test
    void aPaidPeriodIsCharged() {
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null)).thenReturn(PAID);

        ProcessInstance pi = start(null);

        assertThat(pi).isEnded().hasPassedInOrder("Task_ReadProlongationFacts", "Task_DecideProlongation",
                "Task_ChargeNextPeriod", "EndEvent_Prolonged");
        verify(prolongations).release(SERVICE_ID, CLAIM);
    }

    /**
     * The billing run's charge mails the service itself only when the run's failed batch gave it a job of its own (it
     * may come after the run's mails) and it paid; a prolongation run in its batch's transaction does nothing more.
     */
    @Test
    void onlyTheChargeOfARetriedBatchsJobLooksWhetherItCameAfterTheRunsMails() {
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, "run-1")).thenReturn(PAID);

        assertThat(start(null, Map.of(ServiceProlongationProcess.BILLING_RUN, "run-1"))).isEnded();
        verify(renewalMails, never()).mailLateRenewal(any(), anyLong());
        assertThat(start(null, Map.of(ServiceProlongationProcess.BILLING_RUN, "run-1",
                ServiceProlongationProcess.BILLING_RUN_RETRIED, true))).isEnded();
        verify(renewalMails).mailLateRenewal(eq("run-1"), eq(SERVICE_ID));

        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, "run-2")).thenReturn(UNPAID);
        start(null, Map.of(ServiceProlongationProcess.BILLING_RUN, "run-2",
                ServiceProlongationProcess.BILLING_RUN_RETRIED, true));
        verify(renewalMails, never()).mailLateRenewal(eq("run-2"), anyLong());
    }

    @Test
    void aPaymentForAServiceSuspendedForBillingResumesIt() {
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null)).thenReturn(new Charged(true, true, null));

        ProcessInstance pi = start(null);

        assertThat(pi).isEnded().hasPassed("Task_ResumeAfterPayment", "EndEvent_ResumedAfterPayment");
        assertThat(called(pi, "ServiceResumeProcess")).isTrue();
    }

    @Test
    void aServiceItsClientDeletesAtThePeriodsEndIsLeftAlone() {
        when(prolongations.facts(SERVICE_ID)).thenReturn(new Facts(true, true, false, "ACTIVE", false));

        ProcessInstance pi = start(null);

        assertThat(pi).isEnded().hasPassed("EndEvent_Skipped").hasNotPassed("Task_ChargeNextPeriod");
        verify(prolongations, never()).chargeNextPeriod(anyLong(), any(), anyBoolean(), any());
        verify(prolongations).release(SERVICE_ID, CLAIM);
        assertThat(notifications.templates()).as("the billing run's own prolongation is silent").isEmpty();
    }

    @Test
    void aClientsRequestThatIsNotCoveredChangesNothing() {
        when(prolongations.chargeNextPeriod(SERVICE_ID, "YEAR", false, null)).thenReturn(UNPAID);

        ProcessInstance pi = start("YEAR");

        assertThat(pi).isEnded().hasPassedInOrder("Task_ChargeNextPeriod", "Task_NotifyProlongationNotPaid",
                "EndEvent_NotPaid").hasNotPassed("Task_SuspendForBilling");
        assertThat(notifications.sent()).singleElement().satisfies(mail -> {
            assertThat(mail.template()).isEqualTo("prolongation-not-paid");
            assertThat(mail.serviceId()).isEqualTo(SERVICE_ID);
            assertThat(mail.params()).containsEntry("period", "YEAR");
        });
    }

    /**
     * A deletion was asked for between the table's answer and the charge, which the balance no longer covers: the
     * client's request (answered 202) is left to the deletion, and the client is told that nothing was charged
     * because the service is being deleted. It heard nothing.
     */
    @Test
    void aClientsRequestForAServiceBeingDeletedIsLeftToTheDeletionAndTheClientIsTold() {
        when(prolongations.chargeNextPeriod(SERVICE_ID, "YEAR", false, null))
                .thenReturn(new Charged(false, false, null, true));

        ProcessInstance pi = start("YEAR");

        assertThat(pi).isEnded().hasPassedInOrder("Task_ChargeNextPeriod", "Task_NotifyProlongationBeingDeleted",
                "EndEvent_RequestLeftToDeletion").hasNotPassed("Task_NotifyProlongationNotPaid",
                        "EndEvent_LeftToDeletion");
        assertThat(notifications.sent()).singleElement().satisfies(mail -> {
            assertThat(mail.template()).isEqualTo("prolongation-being-deleted");
            assertThat(mail.serviceId()).isEqualTo(SERVICE_ID);
            assertThat(mail.params()).containsEntry("period", "YEAR");
        });
    }

    /**
     * A deletion was accepted after the client's request (202) and before its prolongation ran: the table refuses
     * the request, nothing is charged, and the client is told why. It ended at Left alone without a word.
     */
    @Test
    void aClientsRequestThatADeletionOvertookIsRefusedAndTheClientIsTold() {
        when(prolongations.facts(SERVICE_ID)).thenReturn(new Facts(true, false, false, "ACTIVE", false));

        ProcessInstance pi = start("MONTH");

        assertThat(pi).isEnded().hasPassedInOrder("Task_DecideProlongation", "Task_NotifyProlongationBeingDeleted",
                "EndEvent_RequestLeftToDeletion").hasNotPassed("Task_ChargeNextPeriod", "EndEvent_Skipped");
        verify(prolongations, never()).chargeNextPeriod(anyLong(), any(), anyBoolean(), any());
        assertThat(notifications.sent()).singleElement().satisfies(mail -> {
            assertThat(mail.template()).isEqualTo("prolongation-being-deleted");
            assertThat(mail.params()).containsEntry("period", "MONTH");
        });
        verify(prolongations).release(SERVICE_ID, CLAIM);
    }

    @Test
    void anUnpaidServiceIsSuspendedAndResumedWhenAPaymentCoversAPeriod() {
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null))
                .thenReturn(UNPAID, new Charged(false, true, null),
                new Charged(true, true, null));

        ProcessInstance pi = start(null);
        assertThat(pi).isWaitingAt("Task_SuspendForBilling");
        execute(job(pi));
        assertThat(pi).isWaitingAt("Gateway_WaitForMoney");
        new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService()).paymentReceived(SERVICE_ID);

        assertThat(pi).isEnded().hasPassedInOrder("Task_SuspendForBilling", "Event_PaymentReceived",
                "Task_ResumeAfterPayment", "EndEvent_ResumedAfterPayment");
        assertThat(called(pi, "ServiceSuspensionProcess")).isTrue();
        verify(prolongations, times(3)).chargeNextPeriod(SERVICE_ID, null, false, null);
    }

    @Test
    void aSuspendedServiceIsDeletedAfterItsAutoDeletionDays() {
        Date deleteAt = Date.from(NOW.plus(Duration.ofDays(14)));
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null))
                .thenReturn(UNPAID, new Charged(false, true, deleteAt));

        ProcessInstance pi = passTheAutoDeletionDay(deleteAt);

        assertThat(pi).isEnded().hasPassedInOrder("Timer_AutoDeletionDue", "Task_ChargeBeforeDeletion",
                "Task_DeleteUnpaid", "Gateway_DeletionOutcome", "EndEvent_DeletedUnpaid");
        assertThat(called(pi, "ServiceDeletionProcess")).isTrue();
        verify(prolongations, times(3)).chargeNextPeriod(SERVICE_ID, null, false, null);
    }

    /**
     * Item 2 of helper-98's brief: the deletion it calls finds the service paid past today (paid after the charge
     * before it) and does nothing, or the module cannot close it: the prolongation says so. It ended at
     * EndEvent_DeletedUnpaid whatever the deletion did, so the history said "deleted" of a service that lives.
     */
    @Test
    void anAutoDeletionThatDidNotDeleteEndsSayingWhatHappened() {
        Date deleteAt = Date.from(NOW.plus(Duration.ofDays(14)));
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null))
                .thenReturn(UNPAID, new Charged(false, true, deleteAt));
        stub("ServiceDeletionProcess", "deletionOutcome", "NOT_DELETED_PAID");

        ProcessInstance paid = passTheAutoDeletionDay(deleteAt);

        assertThat(paid).isEnded().hasPassedInOrder("Task_DeleteUnpaid", "Gateway_DeletionOutcome",
                "EndEvent_NotDeletedPaid").hasNotPassed("EndEvent_DeletedUnpaid");

        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null))
                .thenReturn(UNPAID, new Charged(false, true, deleteAt));
        ClockUtil.setCurrentTime(Date.from(NOW));
        stub("ServiceDeletionProcess", "deletionOutcome", "KEPT");

        ProcessInstance kept = passTheAutoDeletionDay(deleteAt);

        assertThat(kept).isEnded().hasPassedInOrder("Task_DeleteUnpaid", "Gateway_DeletionOutcome",
                "EndEvent_NotDeletedKept").hasNotPassed("EndEvent_DeletedUnpaid");
    }

    @Test
    void aPaymentNotYetDeliveredWhenTheAutoDeletionFallsDueSavesTheService() {
        // found by the interleaving property (seed -7424476523045043246): the client paid, and the clock passed the
        // auto-deletion day before the payment reached the wait; the timer deleted a service whose balance paid for it
        Date deleteAt = Date.from(NOW.plus(Duration.ofDays(1)));
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null))
                .thenReturn(UNPAID, new Charged(false, true, deleteAt),
                new Charged(true, true, null));

        ProcessInstance pi = passTheAutoDeletionDay(deleteAt);

        assertThat(pi).isEnded().hasPassedInOrder("Timer_AutoDeletionDue", "Task_ChargeBeforeDeletion",
                "Task_ResumeAfterPayment", "EndEvent_ResumedAfterPayment").hasNotPassed("Task_DeleteUnpaid");
        assertThat(called(pi, "ServiceDeletionProcess")).isFalse();
    }

    @Test
    void autoDeletionSwitchedOffWhileTheServiceWaitedLeavesItWaitingForMoney() {
        Date deleteAt = Date.from(NOW.plus(Duration.ofDays(14)));
        // the charge before the deletion reads the product type again: an admin set its auto-deletion days to 0
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null))
                .thenReturn(UNPAID, new Charged(false, true, deleteAt),
                new Charged(false, true, null));

        ProcessInstance pi = passTheAutoDeletionDay(deleteAt);

        assertThat(pi).isWaitingAt("Gateway_WaitForMoney").hasPassedInOrder("Timer_AutoDeletionDue",
                "Task_ChargeBeforeDeletion", "Gateway_AutoDeletion").hasNotPassed("Task_DeleteUnpaid");
        assertThat(called(pi, "ServiceDeletionProcess")).isFalse();
    }

    @Test
    void moreAutoDeletionDaysGivenWhileTheServiceWaitedPutTheDeletionOff() {
        Date deleteAt = Date.from(NOW.plus(Duration.ofDays(14)));
        Date later = Date.from(NOW.plus(Duration.ofDays(30)));
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null))
                .thenReturn(UNPAID, new Charged(false, true, deleteAt),
                new Charged(false, true, later));

        ProcessInstance pi = passTheAutoDeletionDay(deleteAt);

        assertThat(pi).isWaitingAt("Gateway_WaitForMoneyOrDeletion").hasNotPassed("Task_DeleteUnpaid");
        assertThat(job(pi).getDuedate()).isEqualTo(later);
        ClockUtil.setCurrentTime(Date.from(later.toInstant().plusSeconds(1)));
        execute(job(pi));
        assertThat(pi).isEnded().hasPassed("Task_DeleteUnpaid", "EndEvent_DeletedUnpaid");
        verify(prolongations, times(4)).chargeNextPeriod(SERVICE_ID, null, false, null);
    }

    @Test
    void theAutoDeletionTimerRunByHandBeforeItsDayStillDeletes() {
        Date deleteAt = Date.from(NOW.plus(Duration.ofDays(14)));
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null))
                .thenReturn(UNPAID, new Charged(false, true, deleteAt));
        ProcessInstance pi = start(null);
        execute(job(pi));
        assertThat(pi).isWaitingAt("Gateway_WaitForMoneyOrDeletion");

        execute(job(pi)); // an admin's "run now" in Cockpit, the clock still before the day

        assertThat(pi).isEnded().hasPassed("Task_DeleteUnpaid", "EndEvent_DeletedUnpaid");
    }

    /** Starts a prolongation that suspends the service and waits for money until {@code deleteAt}; that day comes. */
    private ProcessInstance passTheAutoDeletionDay(Date deleteAt) {
        ProcessInstance pi = start(null);
        execute(job(pi));
        assertThat(pi).isWaitingAt("Gateway_WaitForMoneyOrDeletion");
        ClockUtil.setCurrentTime(Date.from(deleteAt.toInstant().plusSeconds(1)));
        execute(job(pi));
        return pi;
    }

    @Test
    void aPaymentBeforeTheAutoDeletionSavesTheService() {
        Date deleteAt = Date.from(NOW.plus(Duration.ofDays(14)));
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null))
                .thenReturn(UNPAID, new Charged(false, true, deleteAt),
                new Charged(true, true, null));

        ProcessInstance pi = start(null);
        execute(job(pi));
        new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService()).paymentReceived(SERVICE_ID);

        assertThat(pi).isEnded().hasPassed("Event_PaymentReceivedBeforeDeletion", "EndEvent_ResumedAfterPayment")
                .hasNotPassed("Task_DeleteUnpaid");
    }

    @Test
    void theClientsOwnProlongationEndsTheWaitForMoneyWithThePeriodAskedFor() {
        // the balance covers a DAY, not the service's MONTH: the payment alone leaves it waiting, the client's DAY not
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null))
                .thenReturn(UNPAID, new Charged(false, true, null));
        when(prolongations.chargeNextPeriod(SERVICE_ID, "DAY", false, null)).thenReturn(new Charged(true, true, null));

        ProcessInstance pi = start(null);
        execute(job(pi));
        assertThat(pi).isWaitingAt("Gateway_WaitForMoney");
        int heard = new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService())
                .prolongationRequested(SERVICE_ID, ServiceProlongationProcess.CLAIM, CLAIM,
                        Map.of(ServiceProlongationProcess.PERIOD, "DAY"));

        assertThat(heard).isEqualTo(1);
        assertThat(pi).isEnded().hasPassedInOrder("Event_ProlongationRequested", "Task_ChargeNextPeriod",
                "Task_ResumeAfterPayment", "EndEvent_ResumedAfterPayment");
        verify(prolongations).chargeNextPeriod(SERVICE_ID, "DAY", false, null);
        verify(prolongations).release(SERVICE_ID, CLAIM);
    }

    @Test
    void aClientsProlongationTheBalanceNoLongerCoversLeavesTheServiceWaitingForMoneyOrItsDeletion() {
        Date deleteAt = Date.from(NOW.plus(Duration.ofDays(14)));
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null))
                .thenReturn(UNPAID, new Charged(false, true, deleteAt));
        when(prolongations.chargeNextPeriod(SERVICE_ID, "DAY", false, null))
                .thenReturn(new Charged(false, true, deleteAt));

        ProcessInstance pi = start(null);
        execute(job(pi));
        new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService())
                .prolongationRequested(SERVICE_ID, ServiceProlongationProcess.CLAIM, CLAIM,
                        Map.of(ServiceProlongationProcess.PERIOD, "DAY"));

        assertThat(pi).isWaitingAt("Gateway_WaitForMoneyOrDeletion").hasPassed(
                "Event_ProlongationRequestedBeforeDeletion").hasNotPassed("Task_ResumeAfterPayment",
                "Task_DeleteUnpaid");
        assertThat(engine.getManagementService().createJobQuery().timers().count()).as("the auto-deletion still due")
                .isEqualTo(1);
        verify(prolongations, never()).release(anyLong(), any());
    }

    @Test
    void aBillingSuspensionTheClientsProlongationCancelledChargesThePeriodTheClientAskedFor() {
        engine.getRepositoryService().createDeployment().addModelInstance("ServiceSuspensionProcess.bpmn", Bpmn
                .createExecutableProcess("ServiceSuspensionProcess").camundaHistoryTimeToLive(1).startEvent()
                .endEvent().camundaExecutionListenerExpression("start",
                        "${execution.setVariable('suspensionOutcome', 'PROLONGATION_REQUESTED')}")
                .camundaExecutionListenerExpression("start", "${execution.setVariable('period', "
                        + "prolongationClaim == '" + CLAIM + "' ? 'DAY' : 'WRONG CLAIM')}")
                .done()).deploy();
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null)).thenReturn(UNPAID);
        when(prolongations.chargeNextPeriod(SERVICE_ID, "DAY", false, null)).thenReturn(PAID);

        ProcessInstance pi = start(null);
        execute(job(pi));

        assertThat(pi).isEnded().hasPassedInOrder("Task_SuspendForBilling", "Task_ChargeNextPeriod",
                "EndEvent_Prolonged");
        verify(prolongations).chargeNextPeriod(SERVICE_ID, "DAY", false, null);
    }

    @Test
    void anUnpaidServiceThatIsBeingDeletedIsLeftToItsDeletionInsteadOfWaitingForMoney() {
        // found by the interleaving property: the deletion told the service's waits while the prolongation was still
        // suspending it, so the wait for money that followed never heard of it and outlived the service
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null)).thenReturn(UNPAID,
                new Charged(false, true, null, true));

        ProcessInstance pi = start(null);
        execute(job(pi));

        assertThat(pi).isEnded().hasPassedInOrder("Task_SuspendForBilling", "Task_ChargeNextPeriod",
                "EndEvent_LeftToDeletion").hasNotPassed("Gateway_WaitForMoney", "Gateway_WaitForMoneyOrDeletion");
        verify(prolongations).release(SERVICE_ID, CLAIM);
    }

    @Test
    void anUnpaidServiceBeingDeletedIsNotSuspendedFirst() {
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null))
                .thenReturn(new Charged(false, false, null, true));

        ProcessInstance pi = start(null);

        assertThat(pi).isEnded().hasPassed("EndEvent_LeftToDeletion").hasNotPassed("Task_SuspendForBilling",
                "Task_DeleteUnpaid");
        assertThat(notifications.templates()).as("the billing run's own prolongation is silent").isEmpty();
    }

    @Test
    void aDeletionRequestEndsTheWaitForMoney() {
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null))
                .thenReturn(UNPAID, new Charged(false, true, null));

        ProcessInstance pi = start(null);
        execute(job(pi));
        new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService()).deletionRequested(SERVICE_ID);

        assertThat(pi).isEnded().hasPassed("Event_DeletionRequested", "EndEvent_DeletedByRequest");
        verify(prolongations).release(SERVICE_ID, CLAIM);
    }

    @Test
    void aSuspensionCancelledByAPaymentChargesThePeriod() {
        stub("ServiceSuspensionProcess", "PAID");
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null)).thenReturn(UNPAID, PAID);

        ProcessInstance pi = start(null);
        execute(job(pi));

        assertThat(pi).isEnded().hasPassed("Task_SuspendForBilling", "EndEvent_Prolonged");
    }

    @Test
    void aFailedSuspensionEndsTheProlongation() {
        stub("ServiceSuspensionProcess", "FAILED");
        when(prolongations.chargeNextPeriod(SERVICE_ID, null, false, null)).thenReturn(UNPAID);

        ProcessInstance pi = start(null);
        execute(job(pi));

        assertThat(pi).isEnded().hasPassed("EndEvent_NotSuspended");
        verify(prolongations).release(SERVICE_ID, CLAIM);
    }
}
