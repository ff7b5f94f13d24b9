package com.hostflow.lifecycle.deletion;

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

import com.hostflow.lifecycle.moduleoperation.ModuleCallResult.Kind;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationDoubles;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;

@Deployment(resources = {"processes/ServiceDeletionProcess.bpmn", "processes/ModuleOperationProcess.bpmn",
        "processes/ModuleFailurePolicy.dmn"})
class ServiceDeletionProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    static final long SERVICE_ID = 9L;

    ServiceDeletions deletions = mock(ServiceDeletions.class);
    ModuleOperationDoubles doubles;

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine());
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
        doubles.settle();
    }

    @Test
    void closesInTheModuleAtOnce() {
        ProcessInstance pi = start(null, true);
        runJobs();

        assertThat(pi).isEnded().hasPassedInOrder(ServiceDeletionProcess.TASK_CLOSE_IN_MODULE,
                ServiceDeletionProcess.TASK_MARK_DELETED, ServiceDeletionProcess.END_DELETED);
        assertThat(doubles.module.count("execute close")).isEqualTo(1);
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
        assertThat(doubles.module.calls).isEmpty();

        ClockUtil.setCurrentTime(Date.from(paidUntil.toInstant().plusSeconds(1)));
        runJobs();

        assertThat(pi).isEnded().hasPassed(ServiceDeletionProcess.END_DELETED);
        assertThat(doubles.module.count("execute close")).isEqualTo(1);
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
        doubles.module.answers("close", new ModuleOutcome.Rejected("REFUSED", "refused"));

        ProcessInstance pi = start(null, true);
        runJobs();

        assertThat(pi).isEnded().hasPassed(ServiceDeletionProcess.END_FAILED)
                .hasNotPassed(ServiceDeletionProcess.TASK_MARK_DELETED);
        verify(deletions, never()).markDeleted(SERVICE_ID);
    }
}
