package com.hostflow.lifecycle.billingrun;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;

import org.assertj.core.api.Assertions;
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

import com.hostflow.lifecycle.deletion.ServiceDeletions;
import com.hostflow.lifecycle.prolongation.ServiceProlongations;

@Deployment(resources = "processes/BillingRunProcess.bpmn")
class BillingRunProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    ServiceProlongations prolongations = mock(ServiceProlongations.class);
    ServiceDeletions deletions = mock(ServiceDeletions.class);

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        Mocks.register("prolongDueServicesAdapter", new ProlongDueServicesAdapter(prolongations, 2));
        Mocks.register("deleteOverdueServicesAdapter", new DeleteOverdueServicesAdapter(deletions, 2));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
    }

    @Test
    void aDailyTimerStartsTheRun() {
        Job timer = engine.getManagementService().createJobQuery().timers().singleResult();

        Assertions.assertThat(timer).isNotNull();
        Assertions.assertThat(timer.getDuedate()).isInTheFuture();
    }

    @Test
    void goesThroughTheDueServicesBatchByBatchThenTheOverdueSuspendedOnes() {
        when(prolongations.prolongDueBatch(0L, 2)).thenReturn(List.of(3L, 8L));
        when(prolongations.prolongDueBatch(8L, 2)).thenReturn(List.of(9L, 12L));
        when(prolongations.prolongDueBatch(12L, 2)).thenReturn(List.of(15L));
        when(deletions.deleteOverdueBatch(0L, 2)).thenReturn(List.of(4L, 5L));
        when(deletions.deleteOverdueBatch(5L, 2)).thenReturn(List.of());

        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(BillingRunProcess.KEY);
        for (int batch = 1; batch <= 3; batch++) {
            assertThat(pi).isWaitingAt(BillingRunProcess.TASK_PROLONG_DUE_SERVICES);
            execute(job(pi));
        }
        for (int batch = 1; batch <= 2; batch++) {
            assertThat(pi).isWaitingAt(BillingRunProcess.TASK_DELETE_OVERDUE_SERVICES);
            execute(job(pi));
        }

        assertThat(pi).isEnded().hasPassed(BillingRunProcess.END_DONE);
        verify(prolongations).prolongDueBatch(12L, 2);
        verify(deletions).deleteOverdueBatch(5L, 2);
    }

    @Test
    void endsAtOnceWhenNothingIsDue() {
        when(prolongations.prolongDueBatch(0L, 2)).thenReturn(List.of());
        when(deletions.deleteOverdueBatch(0L, 2)).thenReturn(List.of());

        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(BillingRunProcess.KEY);
        execute(job(pi));
        execute(job(pi));

        assertThat(pi).isEnded().hasPassed(BillingRunProcess.END_DONE);
    }
}
