package com.hostflow.lifecycle.billingrun;

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

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.hostflow.lifecycle.prolongation.ServiceProlongations;
import com.hostflow.lifecycle.prolongation.ServiceProlongations.Lane;
import com.hostflow.lifecycle.reminders.ExpiryReminderPlanning;
import com.hostflow.notifications.RenewalMails;
import com.hostflow.support.StandaloneEngine;

/**
 * BillingRunProcess: a daily timer, then the due services in parallel lanes (BillingRunLaneProcess, batch after batch
 * until a batch is not full), and when every lane is done the expiry reminders.
 */
@Deployment(resources = {"processes/BillingRunProcess.bpmn", "processes/BillingRunLaneProcess.bpmn"})
class BillingRunProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    static final Instant NOW = Instant.parse("2027-03-05T02:30:00Z");
    static final Lane FIRST = new Lane(0, 2);
    static final Lane SECOND = new Lane(1, 2);

    ServiceProlongations prolongations = mock(ServiceProlongations.class);
    ExpiryReminderPlanning reminders = mock(ExpiryReminderPlanning.class);
    RenewalMails mails = mock(RenewalMails.class);

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        ClockUtil.setCurrentTime(Date.from(NOW));
        lanes(2);
        Mocks.register("prolongDueBatchAdapter", new ProlongDueBatchAdapter(prolongations, 2));
        Mocks.register("planRemindersBatchAdapter", new PlanRemindersBatchAdapter(reminders, 2));
        Mocks.register("mailRenewalsBatchAdapter", new MailRenewalsBatchAdapter(mails, 2));
        when(mails.mailBatch(anyString(), anyLong(), anyInt())).thenReturn(new RenewalMails.Batch(0, false));
        when(reminders.startBatch(anyLong(), any(), anyInt())).thenReturn(new ExpiryReminderPlanning.Batch(0, false));
        when(prolongations.startDueBatch(any(Lane.class), anyLong(), any(), anyInt(), anyBoolean(), any()))
                .thenReturn(List.of());
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        ClockUtil.reset();
    }

    @Test
    void aDailyTimerStartsTheRun() {
        Job timer = engine.getManagementService().createJobQuery().timers().singleResult();

        Assertions.assertThat(timer).isNotNull();
        Assertions.assertThat(timer.getDuedate()).isInTheFuture();
    }

    @Test
    void startsOneLaneProcessPerConfiguredLaneAtOnce() {
        lanes(3);

        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(BillingRunProcess.KEY);

        assertThat(pi).isWaitingAt("Task_ProlongDueLanes").variables().containsEntry(BillingRunProcess.LANES, 3);
        Assertions.assertThat(laneInstances(pi)).hasSize(3);
        for (int lane = 0; lane < 3; lane++) {
            ProcessInstance instance = lane(pi, lane);
            assertThat(instance).isWaitingAt("Task_ProlongDueBatch").hasVariables(BillingRunProcess.CUTOFF);
        }
    }

    @Test
    void eachLaneGoesThroughItsDueServicesBatchByBatchOnItsOwn() {
        when(prolongations.startDueBatch(eq(FIRST), eq(0L), eq(NOW), eq(2), eq(false), any()))
                .thenReturn(List.of(2L, 4L));
        when(prolongations.startDueBatch(eq(FIRST), eq(4L), eq(NOW), eq(2), eq(false), any())).thenReturn(List.of(6L));
        when(prolongations.startDueBatch(eq(SECOND), eq(0L), eq(NOW), eq(2), eq(false), any()))
                .thenReturn(List.of(1L, 3L));
        when(prolongations.startDueBatch(eq(SECOND), eq(3L), eq(NOW), eq(2), eq(false), any()))
                .thenReturn(List.of(5L, 7L));
        when(prolongations.startDueBatch(eq(SECOND), eq(7L), eq(NOW), eq(2), eq(false), any())).thenReturn(List.of());

        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(BillingRunProcess.KEY);
        ProcessInstance first = lane(pi, 0);
        ProcessInstance second = lane(pi, 1);
        execute(job(first));
        execute(job(first));

        // the first lane is done while the second has not begun: neither waits for the other
        assertThat(first).isEnded().hasPassed("Task_ProlongDueBatch", "EndEvent_LaneDone");
        assertThat(second).isWaitingAt("Task_ProlongDueBatch");
        assertThat(pi).isWaitingAt("Task_ProlongDueLanes");
        for (int batch = 1; batch <= 3; batch++) {
            assertThat(second).isWaitingAt("Task_ProlongDueBatch");
            execute(job(second));
        }
        assertThat(second).isEnded().hasPassed("EndEvent_LaneDone");
        executeJobsOf(pi);

        assertThat(pi).isEnded().hasPassed("Task_ProlongDueLanes", "Task_PlanRemindersBatch",
                "EndEvent_BillingRunDone");
        verify(prolongations).startDueBatch(eq(FIRST), eq(4L), eq(NOW), eq(2), eq(false), any());
        verify(prolongations).startDueBatch(eq(SECOND), eq(7L), eq(NOW), eq(2), eq(false), any());
    }

    @Test
    void aFailedBatchIsRetriedWithEveryServiceInAJobOfItsOwnWhileTheOtherLaneGoesOn() {
        when(prolongations.startDueBatch(eq(SECOND), eq(0L), eq(NOW), eq(2), eq(false), any()))
                .thenThrow(new IllegalStateException("tariff gone"));
        when(prolongations.startDueBatch(eq(SECOND), eq(0L), eq(NOW), eq(2), eq(true), any())).thenReturn(List.of(3L));
        when(prolongations.startDueBatch(eq(FIRST), eq(0L), eq(NOW), eq(2), eq(false), any())).thenReturn(List.of(2L));

        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(BillingRunProcess.KEY);
        ProcessInstance first = lane(pi, 0);
        ProcessInstance second = lane(pi, 1);
        Job batch = job(second);
        Assertions.assertThatThrownBy(() -> engine.getManagementService().executeJob(batch.getId()))
                .hasMessageContaining("tariff gone");
        execute(job(first));
        assertThat(first).isEnded();
        assertThat(second).isWaitingAt("Task_ProlongDueBatch");
        ClockUtil.setCurrentTime(Date.from(NOW.plusSeconds(60)));
        execute(job(second));
        executeJobsOf(pi);

        assertThat(second).isEnded();
        assertThat(pi).isEnded().hasPassed("EndEvent_BillingRunDone");
        verify(prolongations).startDueBatch(eq(SECOND), eq(0L), eq(NOW), eq(2), eq(true), any());
        verify(prolongations, never()).startDueBatch(eq(FIRST), anyLong(), any(), anyInt(), eq(true), any());
    }

    @Test
    void oneLaneCoversEverything() {
        lanes(1);
        when(prolongations.startDueBatch(eq(Lane.ALL), eq(0L), eq(NOW), eq(2), eq(false), any()))
                .thenReturn(List.of(3L, 8L));
        when(prolongations.startDueBatch(eq(Lane.ALL), eq(8L), eq(NOW), eq(2), eq(false), any()))
                .thenReturn(List.of(9L));

        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(BillingRunProcess.KEY);
        ProcessInstance only = lane(pi, 0);
        execute(job(only));
        execute(job(only));
        executeJobsOf(pi);

        assertThat(pi).isEnded().hasPassed("EndEvent_BillingRunDone");
        verify(prolongations).startDueBatch(eq(Lane.ALL), eq(8L), eq(NOW), eq(2), eq(false), any());
    }

    @Test
    void endsAtOnceWhenNothingIsDue() {
        ProcessInstance pi = runWithOneBatchPerLane();

        assertThat(pi).isEnded().hasPassed("EndEvent_BillingRunDone");
        verify(prolongations).startDueBatch(eq(FIRST), eq(0L), eq(NOW), eq(2), eq(false), any());
        verify(prolongations).startDueBatch(eq(SECOND), eq(0L), eq(NOW), eq(2), eq(false), any());
    }

    /**
     * Every lane's prolongations carry the run (their charges record it); when the lanes are done the run mails the
     * clients their renewals, a batch of clients per job, and then plans the reminders.
     */
    @Test
    void afterTheLanesTheRunMailsItsRenewalsClientBatchByClientBatchThenPlansTheReminders() {
        when(mails.mailBatch(anyString(), eq(0L), eq(2))).thenReturn(new RenewalMails.Batch(7L, true));
        when(mails.mailBatch(anyString(), eq(7L), eq(2))).thenReturn(new RenewalMails.Batch(9L, false));

        ProcessInstance pi = runWithOneBatchPerLane();

        assertThat(pi).isEnded().hasPassed("Task_MailRenewalsBatch", "Task_PlanRemindersBatch",
                "EndEvent_BillingRunDone");
        verify(prolongations).startDueBatch(FIRST, 0L, NOW, 2, false, pi.getId());
        verify(prolongations).startDueBatch(SECOND, 0L, NOW, 2, false, pi.getId());
        verify(mails).mailBatch(pi.getId(), 0L, 2);
        verify(mails).mailBatch(pi.getId(), 7L, 2);
        verify(mails, never()).mailBatch(pi.getId(), 9L, 2);
    }

    @Test
    void thenPlansTheExpiryRemindersBatchByBatch() {
        when(reminders.startBatch(0L, NOW, 2)).thenReturn(new ExpiryReminderPlanning.Batch(6L, true));
        when(reminders.startBatch(6L, NOW, 2)).thenReturn(new ExpiryReminderPlanning.Batch(9L, false));

        ProcessInstance pi = runWithOneBatchPerLane();

        assertThat(pi).isEnded().hasPassed("Task_PlanRemindersBatch", "EndEvent_BillingRunDone");
        verify(reminders).startBatch(6L, NOW, 2);
    }

    @Test
    void aRunStartedBeforeLanesExistedGoesOnAsOneLane() {
        // the batch step as the model had it before the lanes: no lane variables on its execution
        String oldModel = engine.getRepositoryService().createDeployment().addModelInstance("OldBillingRun.bpmn",
                org.camunda.bpm.model.bpmn.Bpmn.createExecutableProcess("OldBillingRun").camundaHistoryTimeToLive(1)
                        .startEvent().serviceTask("Task_ProlongDueBatch")
                        .camundaDelegateExpression("${prolongDueBatchAdapter}").endEvent().done())
                .deploy().getId();
        try {
            when(prolongations.startDueBatch(eq(Lane.ALL), eq(5L), eq(NOW), eq(2), eq(false), any()))
                    .thenReturn(List.of(9L));

            ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey("OldBillingRun",
                    java.util.Map.of(BillingRunProcess.CUTOFF, Date.from(NOW),
                            BillingRunLaneProcess.LAST_SERVICE_ID, 5L));

            assertThat(pi).isEnded();
            verify(prolongations).startDueBatch(eq(Lane.ALL), eq(5L), eq(NOW), eq(2), eq(false), any());
        } finally {
            engine.getRepositoryService().deleteDeployment(oldModel, true);
        }
    }

    @Test
    void refusesFewerThanOneLane() {
        Assertions.assertThatThrownBy(() -> new PlanBillingRunAdapter(Clock.fixed(NOW, ZoneOffset.UTC), 0))
                .hasMessageContaining("hostflow.billing-run.lanes");
    }

    private void lanes(int lanes) {
        Mocks.register("planBillingRunAdapter", new PlanBillingRunAdapter(Clock.fixed(NOW, ZoneOffset.UTC), lanes));
    }

    private List<ProcessInstance> laneInstances(ProcessInstance run) {
        return engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(run.getId()).list();
    }

    /** Starts a run and executes one batch in each of its two lanes, then the run's own jobs. */
    private ProcessInstance runWithOneBatchPerLane() {
        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(BillingRunProcess.KEY);
        ProcessInstance first = lane(pi, 0);
        ProcessInstance second = lane(pi, 1);
        execute(job(first));
        execute(job(second));
        executeJobsOf(pi);
        return pi;
    }

    /** The running lane instance of the run with that lane number. */
    private ProcessInstance lane(ProcessInstance run, int lane) {
        return engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(run.getId())
                .variableValueEquals(BillingRunLaneProcess.LANE, lane).singleResult();
    }

    /** Runs the run's own jobs (a lane's end, the reminders) until none is left. */
    private void executeJobsOf(ProcessInstance run) {
        for (Job next = firstJob(run); next != null; next = firstJob(run)) {
            engine.getManagementService().executeJob(next.getId());
        }
    }

    private Job firstJob(ProcessInstance run) {
        return engine.getManagementService().createJobQuery().processInstanceId(run.getId()).list().stream()
                .findFirst().orElse(null);
    }
}
