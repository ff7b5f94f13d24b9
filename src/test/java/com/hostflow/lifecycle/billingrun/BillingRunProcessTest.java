package com.hostflow.lifecycle.billingrun;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
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
import com.hostflow.lifecycle.reminders.ExpiryReminderPlanning;

/** BillingRunProcess: a daily timer, then batch after batch of due services until a batch is not full. */
@Deployment(resources = "processes/BillingRunProcess.bpmn")
class BillingRunProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    static final Instant NOW = Instant.parse("2027-03-05T02:30:00Z");

    ServiceProlongations prolongations = mock(ServiceProlongations.class);
    ExpiryReminderPlanning reminders = mock(ExpiryReminderPlanning.class);

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        ClockUtil.setCurrentTime(Date.from(NOW));
        Mocks.register("planBillingRunAdapter", new PlanBillingRunAdapter(java.time.Clock.fixed(NOW,
                java.time.ZoneOffset.UTC)));
        Mocks.register("prolongDueBatchAdapter", new ProlongDueBatchAdapter(prolongations, 2));
        Mocks.register("planRemindersBatchAdapter", new PlanRemindersBatchAdapter(reminders, 2));
        when(reminders.startBatch(anyLong(), any(), anyInt())).thenReturn(new ExpiryReminderPlanning.Batch(0, false));
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
    void goesThroughTheServicesDueAtItsStartBatchByBatch() {
        when(prolongations.startDueBatch(0L, NOW, 2, false)).thenReturn(List.of(3L, 8L));
        when(prolongations.startDueBatch(8L, NOW, 2, false)).thenReturn(List.of(9L, 12L));
        when(prolongations.startDueBatch(12L, NOW, 2, false)).thenReturn(List.of(15L));

        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(BillingRunProcess.KEY);
        for (int batch = 1; batch <= 3; batch++) {
            assertThat(pi).isWaitingAt("Task_ProlongDueBatch");
            execute(job(pi));
        }
        assertThat(pi).isWaitingAt("Task_PlanRemindersBatch");
        execute(job(pi));

        assertThat(pi).isEnded().hasPassed("EndEvent_BillingRunDone");
        verify(prolongations).startDueBatch(12L, NOW, 2, false);
    }

    @Test
    void aFailedBatchIsRetriedWithEveryServiceInAJobOfItsOwn() {
        when(prolongations.startDueBatch(0L, NOW, 2, false)).thenThrow(new IllegalStateException("tariff gone"));
        when(prolongations.startDueBatch(0L, NOW, 2, true)).thenReturn(List.of(3L));

        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(BillingRunProcess.KEY);
        Job batch = job(pi);
        Assertions.assertThatThrownBy(() -> engine.getManagementService().executeJob(batch.getId()))
                .hasMessageContaining("tariff gone");
        engine.getManagementService().setJobRetries(batch.getId(), 2);
        ClockUtil.setCurrentTime(Date.from(NOW.plusSeconds(60)));
        execute(job(pi));
        execute(job(pi));

        assertThat(pi).isEnded().hasPassed("EndEvent_BillingRunDone");
        verify(prolongations).startDueBatch(0L, NOW, 2, true);
    }

    @Test
    void endsAtOnceWhenNothingIsDue() {
        when(prolongations.startDueBatch(anyLong(), any(), anyInt(), anyBoolean())).thenReturn(List.of());

        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(BillingRunProcess.KEY);
        execute(job(pi));
        execute(job(pi));

        assertThat(pi).isEnded().hasPassed("EndEvent_BillingRunDone");
        verify(prolongations).startDueBatch(eq(0L), eq(NOW), eq(2), eq(false));
    }

    @Test
    void thenPlansTheExpiryRemindersBatchByBatch() {
        when(prolongations.startDueBatch(anyLong(), any(), anyInt(), anyBoolean())).thenReturn(List.of());
        when(reminders.startBatch(0L, NOW, 2)).thenReturn(new ExpiryReminderPlanning.Batch(6L, true));
        when(reminders.startBatch(6L, NOW, 2)).thenReturn(new ExpiryReminderPlanning.Batch(9L, false));

        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(BillingRunProcess.KEY);
        execute(job(pi));
        for (int batch = 1; batch <= 2; batch++) {
            assertThat(pi).isWaitingAt("Task_PlanRemindersBatch");
            execute(job(pi));
        }

        assertThat(pi).isEnded().hasPassed("Task_PlanRemindersBatch", "EndEvent_BillingRunDone");
        verify(reminders).startBatch(6L, NOW, 2);
    }
}
