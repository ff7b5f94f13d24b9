package com.hostflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Date;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.hostflow.services.ModuleCallResult;
import com.hostflow.services.ModuleCallResult.Kind;
import com.hostflow.services.ModuleOperations;
import com.hostflow.services.OperationOutcome;

/**
 * Every path of ModuleOperationProcess on a standalone in-memory engine with the real delegates; the application
 * service behind them (which needs the catalog, the modules and the database) is a Mockito double scripted per test.
 */
@Deployment(resources = {"processes/ModuleOperationProcess.bpmn", "processes/ModuleFailurePolicy.dmn"})
class ModuleOperationProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    static final long SERVICE_ID = 42L;
    static final String KEY = "42-open-1";
    static final String DEPARTMENT = "vps-admins";

    ModuleOperations operations = mock(ModuleOperations.class);

    @BeforeEach
    void registerDelegates() {
        BpmnAwareTests.init(engine.getProcessEngine());
        Mocks.register("moduleOperationSettings", new ModuleOperationSettings("R2/PT30S", "R3/PT1M",
                Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofHours(1)));
        Mocks.register("acquireQueueSlotAdapter", new AcquireQueueSlotAdapter(operations));
        Mocks.register("callModuleAdapter", new CallModuleAdapter(operations));
        Mocks.register("pollModuleAdapter", new PollModuleAdapter(operations));
        Mocks.register("recordManualWorkAdapter", new RecordManualWorkAdapter(operations));
        Mocks.register("recordDepartmentDecisionAdapter", new RecordDepartmentDecisionAdapter(operations));
        Mocks.register("operationFailedListener", new OperationFailedListener(operations));
        Mocks.register("releaseQueueSlotListener", new ReleaseQueueSlotListener(operations));
        when(operations.tryAcquireQueueSlot(anyLong(), anyString())).thenReturn(true);
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        ClockUtil.reset();
    }

    private ProcessInstance start(String operation) {
        return engine.getRuntimeService().startProcessInstanceByKey(ModuleOperationProcess.KEY,
                Long.toString(SERVICE_ID), Map.of(ModuleOperationProcess.SERVICE_ID, SERVICE_ID,
                        ModuleOperationProcess.OPERATION, operation, ModuleOperationProcess.OPERATION_KEY, KEY));
    }

    private static ModuleCallResult result(Kind kind) {
        return new ModuleCallResult(kind, null, null, null, DEPARTMENT);
    }

    private static ModuleCallResult pending(String handle) {
        return new ModuleCallResult(Kind.PENDING, handle, null, null, DEPARTMENT);
    }

    private static ModuleCallResult technicalFailure(String code) {
        return new ModuleCallResult(Kind.TECHNICAL_FAILURE, null, code, "it broke", DEPARTMENT);
    }

    /** Runs the queue-slot job and the first call job. */
    private void runUntilAfterFirstCall(ProcessInstance pi) {
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_ACQUIRE_QUEUE_SLOT);
        execute(job());
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);
        execute(job());
    }

    private void moveClock(Duration by) {
        ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(by)));
    }

    private long executableJobs() {
        return engine.getManagementService().createJobQuery().executable().count();
    }

    @Test
    void completesWhenTheModuleDoes() {
        when(operations.call(SERVICE_ID, "open", KEY)).thenReturn(result(Kind.COMPLETED));

        ProcessInstance pi = start("open");
        runUntilAfterFirstCall(pi);

        assertThat(pi).isEnded().hasPassedInOrder(ModuleOperationProcess.TASK_ACQUIRE_QUEUE_SLOT,
                ModuleOperationProcess.TASK_CALL_MODULE, ModuleOperationProcess.END_COMPLETED);
        verify(operations).releaseQueueSlot(KEY);
    }

    @Test
    void waitsForAQueueSlot() {
        when(operations.tryAcquireQueueSlot(SERVICE_ID, KEY)).thenReturn(false, true);
        when(operations.call(SERVICE_ID, "open", KEY)).thenReturn(result(Kind.COMPLETED));

        ProcessInstance pi = start("open");
        execute(job(pi));

        assertThat(pi).isWaitingAt(ModuleOperationProcess.TIMER_QUEUE_SLOT_WAIT);
        assertThat(executableJobs()).isZero();
        moveClock(Duration.ofSeconds(16));
        assertThat(executableJobs()).isEqualTo(1);
        execute(job());
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_ACQUIRE_QUEUE_SLOT);
        execute(job());
        execute(job());

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_COMPLETED);
        verify(operations, times(2)).tryAcquireQueueSlot(SERVICE_ID, KEY);
    }

    @Test
    void pollsAPendingOperationUntilItCompletes() {
        when(operations.call(SERVICE_ID, "open", KEY)).thenReturn(pending("task-7"));
        when(operations.poll(SERVICE_ID, "open", KEY, "task-7")).thenReturn(pending("task-7"),
                result(Kind.COMPLETED));

        ProcessInstance pi = start("open");
        runUntilAfterFirstCall(pi);

        for (int poll = 1; poll <= 2; poll++) {
            assertThat(pi).isWaitingAt(ModuleOperationProcess.TIMER_POLL_WAIT);
            assertThat(executableJobs()).as("the poll waits for its interval").isZero();
            moveClock(Duration.ofSeconds(11));
            execute(job());
            assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_POLL_MODULE);
            execute(job());
        }

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_COMPLETED);
        verify(operations, times(2)).poll(SERVICE_ID, "open", KEY, "task-7");
        verify(operations, times(1)).call(SERVICE_ID, "open", KEY);
    }

    @Test
    void retriesATechnicalFailureAfterABackoff() {
        when(operations.call(SERVICE_ID, "open", KEY)).thenReturn(technicalFailure("UNAVAILABLE"),
                technicalFailure("UNAVAILABLE"), result(Kind.COMPLETED));

        ProcessInstance pi = start("open");
        runUntilAfterFirstCall(pi);

        for (int failure = 1; failure <= 2; failure++) {
            assertThat(pi).isWaitingAt(ModuleOperationProcess.TIMER_RETRY_BACKOFF)
                    .variables().containsEntry(ModuleOperationProcess.TECHNICAL_FAILURES, failure);
            assertThat(executableJobs()).isZero();
            moveClock(Duration.ofSeconds(31));
            execute(job());
            execute(job());
        }

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_COMPLETED)
                .hasNotPassed(ModuleOperationProcess.TASK_DECIDE_FAILURE_POLICY);
        verify(operations, times(3)).call(SERVICE_ID, "open", KEY);
    }

    /** Three failures in a row with the cycle R2/PT30S: two retries, then the policy table decides. */
    private void failThreeTimes(ProcessInstance pi) {
        runUntilAfterFirstCall(pi);
        for (int retry = 1; retry <= 2; retry++) {
            moveClock(Duration.ofSeconds(31));
            execute(job());
            execute(job());
        }
        assertThat(pi).hasPassed(ModuleOperationProcess.TASK_DECIDE_FAILURE_POLICY);
    }

    @Test
    void givesUpWhenThePolicySaysFail() {
        when(operations.call(SERVICE_ID, "sync", KEY)).thenReturn(technicalFailure("UNAVAILABLE"));

        ProcessInstance pi = start("sync");
        failThreeTimes(pi);

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_FAILED);
        verify(operations).recordFailure(SERVICE_ID, "sync", KEY, "UNAVAILABLE");
        verify(operations, times(3)).call(SERVICE_ID, "sync", KEY);
    }

    @Test
    void triesAgainLaterWhenThePolicySaysRetryLater() {
        when(operations.call(SERVICE_ID, "open", KEY)).thenReturn(technicalFailure("UNAVAILABLE"),
                technicalFailure("UNAVAILABLE"), technicalFailure("UNAVAILABLE"), result(Kind.COMPLETED));

        ProcessInstance pi = start("open");
        failThreeTimes(pi);

        assertThat(pi).isWaitingAt(ModuleOperationProcess.TIMER_RETRY_LATER)
                .variables().containsEntry(ModuleOperationProcess.FAILURE_POLICY, "RETRY_LATER");
        moveClock(Duration.ofMinutes(30));
        assertThat(executableJobs()).isZero();
        moveClock(Duration.ofMinutes(31));
        execute(job());
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE)
                .variables().containsEntry(ModuleOperationProcess.TECHNICAL_FAILURES, 0L);
        execute(job());

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_COMPLETED);
        verify(operations, times(4)).call(SERVICE_ID, "open", KEY);
    }

    @Test
    void asksTheDepartmentWhenThePolicySaysManualAndRetriesOnItsWord() {
        when(operations.call(SERVICE_ID, "open", KEY)).thenReturn(technicalFailure("AUTH_FAILED"),
                technicalFailure("AUTH_FAILED"), technicalFailure("AUTH_FAILED"), result(Kind.COMPLETED));

        ProcessInstance pi = start("open");
        failThreeTimes(pi);

        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_HANDLE_FAILED_OPERATION);
        assertThat(task()).hasCandidateGroup(DEPARTMENT);
        complete(task(), withVariables("decision", "retry", "comment", "password fixed"));
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);
        execute(job());

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_COMPLETED);
        verify(operations).recordDepartmentDecision(SERVICE_ID, "open", KEY, OperationOutcome.RETRY_CHOSEN,
                "password fixed");
    }

    @Test
    void endsAsDoneWhenTheDepartmentSkips() {
        when(operations.call(SERVICE_ID, "close", KEY)).thenReturn(technicalFailure("VM_LOCKED"));

        ProcessInstance pi = start("close");
        failThreeTimes(pi);
        complete(task(), withVariables("decision", "skip", "comment", "deleted in the panel"));

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_SKIPPED);
        verify(operations).recordDepartmentDecision(SERVICE_ID, "close", KEY, OperationOutcome.SKIPPED,
                "deleted in the panel");
    }

    @Test
    void failsWhenTheDepartmentAborts() {
        when(operations.call(SERVICE_ID, "setparam", KEY)).thenReturn(technicalFailure("VM_LOCKED"));

        ProcessInstance pi = start("setparam");
        failThreeTimes(pi);
        complete(task(), withVariables("decision", "abort"));

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_ABORTED);
        verify(operations).recordDepartmentDecision(SERVICE_ID, "setparam", KEY, OperationOutcome.ABORTED, null);
    }

    @Test
    void endsWithTheRejectionError() {
        when(operations.call(SERVICE_ID, "setparam", KEY)).thenReturn(
                new ModuleCallResult(Kind.REJECTED, null, "DISK_SHRINK", "a disk cannot shrink", DEPARTMENT));

        ProcessInstance pi = start("setparam");
        runUntilAfterFirstCall(pi);

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_REJECTED)
                .hasNotPassed(ModuleOperationProcess.TASK_DECIDE_FAILURE_POLICY);
        verify(operations).releaseQueueSlot(KEY);
    }

    @Test
    void givesManualWorkToTheDepartmentAndRecordsWhatItEntered() {
        when(operations.call(SERVICE_ID, "open", KEY)).thenReturn(
                new ModuleCallResult(Kind.MANUAL_WORK, null, null, "Set up service #42", DEPARTMENT));

        ProcessInstance pi = start("open");
        runUntilAfterFirstCall(pi);

        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_DO_MANUAL_WORK)
                .variables().containsEntry(ModuleOperationProcess.INSTRUCTIONS, "Set up service #42");
        assertThat(task()).hasCandidateGroup(DEPARTMENT);
        complete(task(), withVariables("externalId", "vm-17", "ipAddresses", "192.0.2.10, 192.0.2.11",
                "comment", "done"));

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_MANUAL_WORK_DONE);
        verify(operations).recordManualWork(SERVICE_ID, "open", KEY, "vm-17", "192.0.2.10, 192.0.2.11", "done");
        verify(operations, never()).poll(anyLong(), anyString(), anyString(), anyString());
    }

    @Test
    void throwsTheRejectionToTheCallingProcess() {
        BpmnModelInstance caller = Bpmn.createExecutableProcess("ModuleOperationCallerProbe")
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .callActivity("Task_CallOperation").calledElement(ModuleOperationProcess.KEY)
                .camundaIn(ModuleOperationProcess.SERVICE_ID, ModuleOperationProcess.SERVICE_ID)
                .camundaIn(ModuleOperationProcess.OPERATION, ModuleOperationProcess.OPERATION)
                .camundaIn(ModuleOperationProcess.OPERATION_KEY, ModuleOperationProcess.OPERATION_KEY)
                .camundaInBusinessKey("#{execution.processBusinessKey}")
                .boundaryEvent("Event_Rejected").error(ModuleOperationProcess.ERR_MODULE_REJECTED)
                .endEvent("EndEvent_Rejected")
                .moveToActivity("Task_CallOperation")
                .endEvent("EndEvent_Done")
                .done();
        engine.getRepositoryService().createDeployment().addModelInstance("caller.bpmn", caller).deploy();
        when(operations.call(SERVICE_ID, "setparam", KEY)).thenReturn(
                new ModuleCallResult(Kind.REJECTED, null, "DISK_SHRINK", "a disk cannot shrink", DEPARTMENT));

        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey("ModuleOperationCallerProbe", "42",
                Map.of(ModuleOperationProcess.SERVICE_ID, SERVICE_ID, ModuleOperationProcess.OPERATION, "setparam",
                        ModuleOperationProcess.OPERATION_KEY, KEY));
        ProcessInstance called = engine.getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(pi.getId()).singleResult();
        assertThat(called.getBusinessKey()).isEqualTo("42");
        execute(job(called));
        execute(job(called));

        assertThat(pi).isEnded().hasPassed("EndEvent_Rejected");
    }

    @Test
    void retriesUnexpectedFailuresWithTheConfiguredJobCycleBeforeAnIncident() {
        when(operations.call(SERVICE_ID, "open", KEY)).thenThrow(new IllegalStateException("database hiccup"));

        ProcessInstance pi = start("open");
        execute(job(pi));
        Job call = job(pi);
        try {
            engine.getManagementService().executeJob(call.getId());
        } catch (IllegalStateException expected) {
            // the engine records the failure on the job
        }

        Job failed = engine.getManagementService().createJobQuery().jobId(call.getId()).singleResult();
        assertThat(failed.getRetries()).isEqualTo(2);
        assertThat(failed.getDuedate()).isAfter(ClockUtil.getCurrentTime());
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);
        verify(operations).call(eq(SERVICE_ID), eq("open"), eq(KEY));
    }
}
