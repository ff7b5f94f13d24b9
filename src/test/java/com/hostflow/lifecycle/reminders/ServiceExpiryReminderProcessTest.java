package com.hostflow.lifecycle.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

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

import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.lifecycle.NotificationDoubles;
import com.hostflow.notifications.ExpiryReminders;
import com.hostflow.support.StandaloneEngine;

/** Every path of ServiceExpiryReminderProcess on a standalone engine; reminder dates and the balance are doubles. */
@Deployment(resources = "processes/ServiceExpiryReminderProcess.bpmn")
class ServiceExpiryReminderProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    static final long SERVICE_ID = 31L;
    static final Instant NOW = Instant.parse("2027-03-01T10:00:00Z");
    static final Date THREE_DAYS_BEFORE = Date.from(Instant.parse("2027-03-08T10:00:00Z"));
    static final Date ONE_DAY_BEFORE = Date.from(Instant.parse("2027-03-10T10:00:00Z"));

    ExpiryReminders reminders = mock(ExpiryReminders.class);
    ExpiryReminderPlanning planning = mock(ExpiryReminderPlanning.class);
    NotificationDoubles notifications;

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        ClockUtil.setCurrentTime(Date.from(NOW));
        notifications = NotificationDoubles.register();
        Mocks.register("expiryReminders", reminders);
        Mocks.register("checkReminderNeededAdapter", new CheckReminderNeededAdapter(planning));
        when(reminders.next(SERVICE_ID)).thenReturn(THREE_DAYS_BEFORE, ONE_DAY_BEFORE, null);
        when(planning.reminderNeeded(SERVICE_ID)).thenReturn(true);
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        ClockUtil.reset();
    }

    private ProcessInstance start() {
        return engine.getRuntimeService().startProcessInstanceByKey(ServiceExpiryReminderProcess.KEY,
                Long.toString(SERVICE_ID), Map.of(ServiceExpiryReminderProcess.SERVICE_ID, SERVICE_ID));
    }

    private LifecycleEvents events() {
        return new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService());
    }

    private void fireTimerAt(ProcessInstance pi, Date due) {
        assertThat(job(pi).getDuedate()).isEqualTo(due);
        ClockUtil.setCurrentTime(due);
        execute(job(pi));
    }

    @Test
    void remindsOnEveryDayTheProductTypeNamesUnderOneKeyPerDay() {
        ProcessInstance pi = start();
        assertThat(pi).isWaitingAt("Gateway_WaitForReminder");

        fireTimerAt(pi, THREE_DAYS_BEFORE);
        fireTimerAt(pi, ONE_DAY_BEFORE);

        assertThat(pi).isEnded().hasPassed("Task_NotifyExpiring", "EndEvent_NoReminderLeft");
        assertThat(notifications.templates()).containsExactly("service-expiring", "service-expiring");
        assertThat(notifications.sent()).extracting(n -> n.idempotencyKey()).doesNotHaveDuplicates();
        assertThat(notifications.sent()).allSatisfy(n -> assertThat(n.serviceId()).isEqualTo(SERVICE_ID));
    }

    @Test
    void aReminderFallingDueWhenItIsNoLongerNeededIsSkipped() {
        when(planning.reminderNeeded(SERVICE_ID)).thenReturn(false, true);
        ProcessInstance pi = start();

        fireTimerAt(pi, THREE_DAYS_BEFORE);
        fireTimerAt(pi, ONE_DAY_BEFORE);

        assertThat(pi).isEnded();
        assertThat(notifications.templates()).as("only the one-day reminder").hasSize(1);
    }

    @Test
    void aPaymentAfterWhichNoReminderIsNeededEndsTheReminders() {
        when(planning.reminderNeeded(SERVICE_ID)).thenReturn(false);
        ProcessInstance pi = start();

        events().paymentReceived(SERVICE_ID);

        assertThat(pi).isEnded().hasPassed("Task_CheckNeededAfterPayment", "EndEvent_NoReminderNeeded");
        assertThat(notifications.templates()).isEmpty();
    }

    @Test
    void aPaymentThatDoesNotCoverTheNextPeriodLeavesTheReminderWaiting() {
        ProcessInstance pi = start();

        events().paymentReceived(SERVICE_ID);
        assertThat(pi).isWaitingAt("Gateway_WaitForReminder");
        assertThat(engine.getRuntimeService().createVariableInstanceQuery().processInstanceIdIn(pi.getId())
                .variableName(ServiceExpiryReminderProcess.REMINDER_NEEDED).count())
                .as("read by the gateway after the check alone, never stored in the weeks the process waits").isZero();
        fireTimerAt(pi, THREE_DAYS_BEFORE);

        assertThat(notifications.templates()).containsExactly("service-expiring");
    }

    @Test
    void aDeletionWithdrawsTheReminders() {
        ProcessInstance pi = start();

        events().remindersWithdrawn(SERVICE_ID);

        assertThat(pi).isEnded().hasPassed("Event_RemindersWithdrawn", "EndEvent_RemindersWithdrawn");
        assertThat(notifications.templates()).isEmpty();
    }

    @Test
    void aServiceWithNoReminderAheadEndsAtOnce() {
        when(reminders.next(SERVICE_ID)).thenReturn(null);

        ProcessInstance pi = start();

        assertThat(pi).isEnded().hasPassed("EndEvent_NoReminderLeft");
    }
}
