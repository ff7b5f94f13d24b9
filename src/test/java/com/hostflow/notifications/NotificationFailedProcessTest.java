package com.hostflow.notifications;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.Date;
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

import com.hostflow.catalog.DepartmentTaskTimes;
import com.hostflow.support.StandaloneEngine;

/** Every path of NotificationFailedProcess: the department sends the notification again, or told the client itself. */
@Deployment(resources = "processes/NotificationFailedProcess.bpmn")
class NotificationFailedProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    static final long NOTIFICATION_ID = 31L;
    static final Date DUE = Date.from(Instant.parse("2030-01-01T12:00:00Z"));
    static final Date FOLLOW_UP = Date.from(Instant.parse("2030-01-01T09:00:00Z"));

    Notifications notifications = mock(Notifications.class);

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        Mocks.register("sendNotificationAgainAdapter", new SendNotificationAgainAdapter(notifications));
        Mocks.register("closeNotificationAdapter", new CloseNotificationAdapter(notifications));
        DepartmentTaskTimes times = mock(DepartmentTaskTimes.class);
        when(times.dueDate("support")).thenReturn(DUE);
        when(times.followUpDate("support")).thenReturn(FOLLOW_UP);
        Mocks.register("departmentTaskTimes", times);
        Notification failed = mock(Notification.class);
        when(failed.getStatus()).thenReturn(NotificationStatus.FAILED);
        when(notifications.notification(NOTIFICATION_ID)).thenReturn(failed);
    }

    @AfterEach
    void reset() {
        Mocks.reset();
    }

    private ProcessInstance start() {
        return engine.getRuntimeService().startProcessInstanceByKey(NotificationFailedProcess.KEY,
                NotificationFailedProcess.BUSINESS_KEY_PREFIX + NOTIFICATION_ID, Map.of(
                        NotificationFailedProcess.NOTIFICATION_ID, NOTIFICATION_ID,
                        NotificationFailedProcess.DEPARTMENT_KEY, "support",
                        NotificationFailedProcess.CLIENT_NAME, "Anna", NotificationFailedProcess.EVENT,
                        "service-ready", NotificationFailedProcess.RECIPIENT, "anna@example.com",
                        NotificationFailedProcess.LAST_ERROR, "MailSendException: 550 no such user"));
    }

    @Test
    void theDepartmentFixesTheAddressAndSendsItAgain() {
        ProcessInstance pi = start();

        assertThat(pi).isWaitingAt(NotificationFailedProcess.TASK_TELL_CLIENT);
        assertThat(task()).hasCandidateGroup("support").hasDueDate(DUE);
        org.assertj.core.api.Assertions.assertThat(task().getFollowUpDate()).isEqualTo(FOLLOW_UP);
        org.assertj.core.api.Assertions.assertThat(task().getDescription())
                .isEqualTo("Anna could not be told \"service-ready\" at anna@example.com: MailSendException: 550 no"
                        + " such user. Fix the address and send it again, or tell the client another way.");
        complete(task(), Map.of(NotificationFailedProcess.DECISION, "resend"));

        assertThat(pi).isEnded().hasPassedInOrder(NotificationFailedProcess.TASK_TELL_CLIENT,
                NotificationFailedProcess.TASK_SEND_AGAIN, NotificationFailedProcess.END_REQUEUED);
        verify(notifications).sendAgain(NOTIFICATION_ID);
        verify(notifications, never()).handledByHand(NOTIFICATION_ID);
    }

    @Test
    void theDepartmentToldTheClientAnotherWay() {
        ProcessInstance pi = start();

        assertThat(pi).isWaitingAt(NotificationFailedProcess.TASK_TELL_CLIENT);
        complete(task(), Map.of(NotificationFailedProcess.DECISION, "done"));

        assertThat(pi).isEnded().hasPassedInOrder(NotificationFailedProcess.TASK_CLOSE,
                NotificationFailedProcess.END_TOLD_OTHERWISE).hasNotPassed(NotificationFailedProcess.TASK_SEND_AGAIN);
        verify(notifications).handledByHand(NOTIFICATION_ID);
        verify(notifications, never()).sendAgain(NOTIFICATION_ID);
    }
}
