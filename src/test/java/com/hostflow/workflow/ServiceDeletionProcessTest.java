package com.hostflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
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

import com.hostflow.services.ModuleCallResult.Kind;
import com.hostflow.services.ModuleOperations;
import com.hostflow.services.ServiceDeletions;

@Deployment(resources = {"processes/ServiceDeletionProcess.bpmn", "processes/ModuleOperationProcess.bpmn",
        "processes/ModuleFailurePolicy.dmn"})
class ServiceDeletionProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    static final long SERVICE_ID = 9L;

    ServiceDeletions deletions = mock(ServiceDeletions.class);
    ModuleOperations operations;

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        operations = ModuleOperationDoubles.register();
        Mocks.register("markDeletedAdapter", new MarkDeletedAdapter(deletions));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        ClockUtil.reset();
    }

    private ProcessInstance start(Date deleteAt, boolean inModule) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(ServiceDeletionProcess.SERVICE_ID, SERVICE_ID);
        variables.put(ServiceDeletionProcess.DELETE_AT, deleteAt);
        variables.put(ServiceDeletionProcess.IN_MODULE, inModule);
        return engine.getRuntimeService().startProcessInstanceByKey(ServiceDeletionProcess.KEY,
                Long.toString(SERVICE_ID), variables);
    }

    private void runJobs() {
        ModuleOperationDoubles.runDueJobs(engine.getManagementService());
    }

    @Test
    void closesInTheModuleAtOnce() {
        ProcessInstance pi = start(null, true);
        runJobs();

        assertThat(pi).isEnded().hasPassedInOrder(ServiceDeletionProcess.TASK_CLOSE_IN_MODULE,
                ServiceDeletionProcess.TASK_MARK_DELETED, ServiceDeletionProcess.END_DELETED);
        verify(operations).call(eq(SERVICE_ID), eq("close"), startsWith(SERVICE_ID + "-close-"));
        verify(deletions).markDeleted(SERVICE_ID);
    }

    @Test
    void waitsForTheEndOfThePaidPeriod() {
        Date paidUntil = Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(12)));

        ProcessInstance pi = start(paidUntil, true);
        runJobs();

        assertThat(pi).isWaitingAt(ServiceDeletionProcess.TIMER_UNTIL_DELETION);
        assertThat(engine.getManagementService().createJobQuery().timers().singleResult().getDuedate())
                .isEqualTo(paidUntil);
        verify(operations, never()).call(anyLong(), anyString(), anyString());

        ClockUtil.setCurrentTime(Date.from(paidUntil.toInstant().plusSeconds(1)));
        runJobs();

        assertThat(pi).isEnded().hasPassed(ServiceDeletionProcess.END_DELETED);
        verify(operations).call(eq(SERVICE_ID), eq("close"), anyString());
    }

    @Test
    void onlyMarksAServiceThatNeverReachedAModule() {
        ProcessInstance pi = start(null, false);

        assertThat(pi).isEnded().hasPassed(ServiceDeletionProcess.END_DELETED)
                .hasNotPassed(ServiceDeletionProcess.TASK_CLOSE_IN_MODULE);
        verify(deletions).markDeleted(SERVICE_ID);
    }

    @Test
    void keepsTheServiceWhenTheModuleCannotCloseIt() {
        when(operations.call(anyLong(), anyString(), anyString()))
                .thenReturn(ModuleOperationDoubles.result(Kind.REJECTED));

        ProcessInstance pi = start(null, true);
        runJobs();

        assertThat(pi).isEnded().hasPassed(ServiceDeletionProcess.END_FAILED)
                .hasNotPassed(ServiceDeletionProcess.TASK_MARK_DELETED);
        verify(deletions, never()).markDeleted(SERVICE_ID);
    }
}
