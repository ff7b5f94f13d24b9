package com.hostflow.lifecycle.moduleoperation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.processEngine;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
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
import org.mockito.ArgumentCaptor;

import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.lifecycle.moduleoperation.ModuleOperations.Answer;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleTechnicalException;
import com.hostflow.services.OperationOutcome;
import com.hostflow.support.StandaloneEngine;

/**
 * Every path of ModuleOperationProcess on a standalone in-memory engine, with the real delegates and external-task
 * handlers; the module is a {@link ModuleOperationDoubles.ScriptedModule} and the database-backed
 * {@link ModuleOperations} a Mockito double.
 */
@Deployment(resources = {"processes/ModuleOperationProcess.bpmn", "processes/ModuleFailurePolicy.dmn"})
class ModuleOperationProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = StandaloneEngine.extension();

    static final long SERVICE_ID = 42L;
    static final String KEY = "42-open-1";
    static final String DEPARTMENT = ModuleOperationDoubles.DEPARTMENT;

    ModuleOperationDoubles doubles;
    ModuleOperations operations;
    ModuleOperationDoubles.ScriptedModule module;

    @BeforeEach
    void registerDoubles() {
        // a frozen clock: timers are due exactly when the test moves it, however slow the machine runs
        ClockUtil.setCurrentTime(new Date());
        BpmnAwareTests.init(engine.getProcessEngine());
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine(), "R2/PT30S");
        operations = doubles.operations;
        module = doubles.module;
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

    private static ModuleTechnicalException failure(String code) {
        return new ModuleTechnicalException(code, "it broke");
    }

    private void moveClock(Duration by) {
        ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(by)));
    }

    private long executableJobs() {
        return engine.getManagementService().createJobQuery().executable().count();
    }

    /** Runs the external tasks available now (choose, then call), as the worker would. */
    private void runTasks() {
        while (doubles.runExternalTasks() > 0) {
            // the next external task may follow at once (choose → call)
        }
    }

    @Test
    void opensByChoosingTheModuleAndCallingIt() {
        ProcessInstance pi = start("open");
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CHOOSE_MODULE).externalTask()
                .hasTopicName("module-selection");
        runTasks();

        assertThat(pi).isEnded().hasPassedInOrder(ModuleOperationProcess.TASK_CHOOSE_MODULE,
                ModuleOperationProcess.TASK_ACQUIRE_QUEUE_SLOT, ModuleOperationProcess.TASK_CALL_MODULE,
                ModuleOperationProcess.END_COMPLETED);
        assertThat(module.calls).containsExactly("execute open");
        verify(operations).releaseQueueSlot(KEY);
    }

    @Test
    void answersThatOnlyTheNextGatewayReadsAreNeverStored() {
        ProcessInstance pi = start("open");
        doubles.runExternalTasks();

        // the selection answered and the slot was taken: the call waits with nothing but its inputs stored (a
        // failing call stores moduleChosen for the retry:
        // retriesATechnicalFailureAfterABackoffWithoutHoldingTheQueueSlot)
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);
        assertThat(storedVariables(pi)).containsOnlyKeys(ModuleOperationProcess.SERVICE_ID,
                ModuleOperationProcess.OPERATION, ModuleOperationProcess.OPERATION_KEY);
        runTasks();
        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_COMPLETED);
    }

    @Test
    void anInstanceThatStoredItsAnswersGoesOn() {
        // started before answers became transient: the engine refuses to turn a stored variable transient
        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(ModuleOperationProcess.KEY,
                Long.toString(SERVICE_ID), Map.of(ModuleOperationProcess.SERVICE_ID, SERVICE_ID,
                        ModuleOperationProcess.OPERATION, "suspend", ModuleOperationProcess.OPERATION_KEY, KEY,
                        ModuleOperationProcess.MODULE_OUTCOME, "PENDING", ModuleOperationProcess.DEPARTMENT_KEY,
                        DEPARTMENT, ModuleOperationProcess.TECHNICAL_FAILURES, 1, ModuleOperationProcess.POLLS, 0));
        runTasks();

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_COMPLETED);
        assertThat(module.calls).containsExactly("execute suspend");
    }

    @Test
    void anInstanceThatStoredAFailedSelectionGoesOn() {
        // started before moduleChosen became transient: its failed selection stored false, the next one updates it
        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(ModuleOperationProcess.KEY,
                Long.toString(SERVICE_ID), Map.of(ModuleOperationProcess.SERVICE_ID, SERVICE_ID,
                        ModuleOperationProcess.OPERATION, "open", ModuleOperationProcess.OPERATION_KEY, KEY,
                        ModuleOperationProcess.MODULE_CHOSEN, false));
        runTasks();

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.TASK_CHOOSE_MODULE)
                .hasPassed(ModuleOperationProcess.END_COMPLETED);
        assertThat(module.calls).containsExactly("execute open");
    }

    private Map<String, Object> storedVariables(ProcessInstance pi) {
        Map<String, Object> stored = new HashMap<>();
        engine.getRuntimeService().createVariableInstanceQuery().processInstanceIdIn(pi.getId()).list()
                .forEach(variable -> stored.put(variable.getName(), variable.getValue()));
        return stored;
    }

    @Test
    void otherOperationsUseTheServicesModuleWithoutChoosing() {
        ProcessInstance pi = start("suspend");

        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE).externalTask()
                .hasTopicName("module-call");
        runTasks();

        assertThat(pi).isEnded().hasNotPassed(ModuleOperationProcess.TASK_CHOOSE_MODULE)
                .hasPassed(ModuleOperationProcess.END_COMPLETED);
        verify(operations, never()).prepareSelection(anyLong(), anyString());
    }

    @Test
    void failsWithNoModuleWhenNoneCanServe() {
        doubles.selections(ModuleOperationDoubles.noneCanServe());

        ProcessInstance pi = start("open");
        runTasks();

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_NO_MODULE)
                .hasNotPassed(ModuleOperationProcess.TASK_CALL_MODULE);
    }

    @Test
    void retriesChoosingWhenNoModuleAnswersItsConnectionCheck() {
        doubles.selections(ModuleOperationDoubles.unreachable(), ModuleOperationDoubles.found());

        ProcessInstance pi = start("open");
        runTasks();
        assertThat(pi).isWaitingAt(ModuleOperationProcess.GATEWAY_BACKOFF_OR_WITHDRAWN).variables()
                .containsEntry(ModuleOperationProcess.ERROR_CODE, "NO_MODULE_REACHABLE");
        moveClock(Duration.ofSeconds(31));
        execute(job(pi));
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CHOOSE_MODULE);
        runTasks();

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_COMPLETED);
        verify(operations, times(2)).select(org.mockito.ArgumentMatchers.any());
    }

    @Test
    void waitsInLineUntilItsQueueTurnIsGiven() {
        when(operations.tryAcquireQueueSlot(anyLong(), anyString(), anyString(), anyBoolean())).thenReturn(false, true);

        ProcessInstance pi = start("suspend");

        assertThat(pi).isWaitingAt("Gateway_TurnOrRecheck");
        assertThat(engine.getExternalTaskService().createExternalTaskQuery().count()).isZero();
        new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService()).giveTurns(List.of(pi.getId()));
        assertThat(pi).as("it goes on in a job of its own, not in the giver's transaction")
                .isWaitingAt(ModuleOperationProcess.EVENT_QUEUE_TURN_GIVEN);
        execute(job(pi));
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);
        runTasks();

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_COMPLETED);
        verify(operations, times(2)).tryAcquireQueueSlot(SERVICE_ID, KEY, pi.getId(), false);
    }

    @Test
    void checksTheQueueAgainWhenNoTurnCameForLong() {
        when(operations.tryAcquireQueueSlot(anyLong(), anyString(), anyString(), anyBoolean())).thenReturn(false, true);

        ProcessInstance pi = start("suspend");
        moveClock(Duration.ofMinutes(4));
        assertThat(executableJobs()).isZero();
        moveClock(Duration.ofMinutes(2));
        execute(job(pi));

        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);
    }

    @Test
    void aTurnGivenToAnOperationThatNoLongerWaitsIsHarmless() {
        ProcessInstance pi = start("suspend");

        new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService()).giveTurns(List.of(pi.getId(), "no-such-instance"));

        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);
    }

    @Test
    void aTurnGivenToAnOperationSuspendedInCockpitIsTakenOnceItIsActivatedAgain() {
        when(operations.tryAcquireQueueSlot(anyLong(), anyString(), anyString(), anyBoolean())).thenReturn(false, true);
        ProcessInstance pi = start("suspend");
        engine.getRuntimeService().suspendProcessInstanceById(pi.getId());

        // given by the end of the operation ahead, in its transaction: a staff member's completion of its task, a
        // worker's job; a suspended instance hears no message, and the correlation failed that transaction (500)
        new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService()).giveTurns(List.of(pi.getId()));

        engine.getRuntimeService().activateProcessInstanceById(pi.getId());
        assertThat(pi).isWaitingAt("Gateway_TurnOrRecheck");
        moveClock(Duration.ofMinutes(6));
        execute(job(pi));
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);
    }

    @Test
    void pollsAPendingOperationSoonThenLessOften() {
        // the first poll answer is the look at once, which finds it still running
        module.answers("open", new ModuleOutcome.Pending("task-7"))
                .pollAnswers("open", new ModuleOutcome.Pending("task-7"), new ModuleOutcome.Pending("task-7"),
                        new ModuleOutcome.Pending("task-7"), new ModuleOutcome.Completed(null));

        ProcessInstance pi = start("open");
        runTasks();

        for (Duration backoff : List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(10))) {
            assertThat(pi).isWaitingAt(ModuleOperationProcess.TIMER_POLL_WAIT);
            moveClock(backoff.minusMillis(500));
            assertThat(executableJobs()).as("the poll waits %s", backoff).isZero();
            moveClock(Duration.ofMillis(600));
            execute(job(pi));
            assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_POLL_MODULE).externalTask()
                    .hasTopicName("module-poll");
            runTasks();
        }

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_COMPLETED);
        assertThat(module.calls).containsExactly("execute open", "poll open task-7", "poll open task-7",
                "poll open task-7", "poll open task-7");
    }

    @Test
    void aPendingCallTheModuleFinishedMeanwhileEndsWithoutThePollTimer() {
        module.answers("open", new ModuleOutcome.Pending("task-8")).pollAnswers("open",
                new ModuleOutcome.Completed(null));

        ProcessInstance pi = start("open");
        runTasks();

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_COMPLETED)
                .hasNotPassed(ModuleOperationProcess.TIMER_POLL_WAIT, ModuleOperationProcess.TASK_POLL_MODULE);
        assertThat(module.calls).containsExactly("execute open", "poll open task-8");
        // the call's pending answer travels with the outcome, so that what it chose (credentials) is kept
        ArgumentCaptor<Answer> answer = ArgumentCaptor.forClass(Answer.class);
        verify(operations).finish(any(), answer.capture());
        assertThat(answer.getValue().outcome()).isInstanceOf(ModuleOutcome.Completed.class);
        assertThat(answer.getValue().started()).isEqualTo(new ModuleOutcome.Pending("task-8"));
    }

    @Test
    void aLookAtOnceThatFailsLeavesThePendingOperationToThePollTimer() {
        module.answers("open", new ModuleOutcome.Pending("task-9")).pollAnswers("open", failure("UNAVAILABLE"),
                new ModuleOutcome.Completed(null));

        ProcessInstance pi = start("open");
        runTasks();

        assertThat(pi).isWaitingAt(ModuleOperationProcess.TIMER_POLL_WAIT)
                .variables().containsEntry(ModuleOperationProcess.TECHNICAL_FAILURES, 0)
                .containsEntry(ModuleOperationProcess.MODULE_HANDLE, "task-9");
        moveClock(Duration.ofSeconds(1));
        execute(job(pi));
        runTasks();
        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.TASK_POLL_MODULE,
                ModuleOperationProcess.END_COMPLETED);
        assertThat(module.calls).containsExactly("execute open", "poll open task-9", "poll open task-9");
    }

    @Test
    void withoutTheLookAtOnceAPendingCallWaitsForThePollTimer() {
        Mocks.reset();
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine(), "R2/PT30S", false);
        module = doubles.module;
        module.answers("open", new ModuleOutcome.Pending("task-10"));

        ProcessInstance pi = start("open");
        runTasks();

        assertThat(pi).isWaitingAt(ModuleOperationProcess.TIMER_POLL_WAIT);
        assertThat(module.calls).containsExactly("execute open");
    }

    @Test
    void retriesATechnicalFailureAfterABackoffWithoutHoldingTheQueueSlot() {
        module.answers("open", failure("UNAVAILABLE"), failure("UNAVAILABLE"), new ModuleOutcome.Completed(null));

        ProcessInstance pi = start("open");
        runTasks();

        for (int failure = 1; failure <= 2; failure++) {
            assertThat(pi).isWaitingAt(ModuleOperationProcess.GATEWAY_BACKOFF_OR_WITHDRAWN).variables()
                    .containsEntry(ModuleOperationProcess.TECHNICAL_FAILURES, failure)
                    .containsEntry(ModuleOperationProcess.MODULE_MESSAGE, "it broke");
            verify(operations, times(failure)).releaseQueueSlot(KEY);
            assertThat(executableJobs()).isZero();
            moveClock(Duration.ofSeconds(31));
            execute(job(pi));
            runTasks();
        }

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_COMPLETED)
                .hasNotPassed(ModuleOperationProcess.TASK_DECIDE_FAILURE_POLICY);
        assertThat(module.count("execute open")).isEqualTo(3);
        verify(operations, times(1)).select(org.mockito.ArgumentMatchers.any());
    }

    /** Three failures in a row with the cycle R2/PT30S: two retries, then the policy table decides. */
    private void failThreeTimes(ProcessInstance pi) {
        runTasks();
        for (int retry = 1; retry <= 2; retry++) {
            moveClock(Duration.ofSeconds(31));
            execute(job(pi));
            runTasks();
        }
        assertThat(pi).hasPassed(ModuleOperationProcess.TASK_DECIDE_FAILURE_POLICY);
    }

    @Test
    void givesUpWhenThePolicySaysFail() {
        module.answers("sync", failure("UNAVAILABLE"));

        ProcessInstance pi = start("sync");
        failThreeTimes(pi);

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_FAILED);
        verify(operations).recordFailure(SERVICE_ID, "sync", KEY, "UNAVAILABLE");
        assertThat(module.count("execute sync")).isEqualTo(3);
    }

    @Test
    void triesAgainLaterWhenThePolicySaysRetryLater() {
        module.answers("open", failure("TIMEOUT"), failure("TIMEOUT"), failure("TIMEOUT"),
                new ModuleOutcome.Completed(null));

        ProcessInstance pi = start("open");
        failThreeTimes(pi);

        assertThat(pi).isWaitingAt(ModuleOperationProcess.GATEWAY_RETRY_LATER_OR_WITHDRAWN)
                .variables().containsEntry(ModuleOperationProcess.FAILURE_POLICY, "RETRY_LATER");
        moveClock(Duration.ofMinutes(30));
        assertThat(executableJobs()).isZero();
        moveClock(Duration.ofMinutes(31));
        execute(job(pi));
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE)
                .variables().containsEntry(ModuleOperationProcess.TECHNICAL_FAILURES, 0L);
        runTasks();

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_COMPLETED);
        assertThat(module.count("execute open")).isEqualTo(4);
    }

    @Test
    void asksTheDepartmentWhenThePolicySaysManualAndRetriesOnItsWord() {
        module.answers("open", failure("AUTH_FAILED"), failure("AUTH_FAILED"), failure("AUTH_FAILED"),
                new ModuleOutcome.Completed(null));

        ProcessInstance pi = start("open");
        failThreeTimes(pi);

        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_HANDLE_FAILED_OPERATION);
        assertThat(task()).hasCandidateGroup(DEPARTMENT).hasName("Service " + SERVICE_ID + " · open failed");
        assertThat(task().getDueDate()).isAfter(task().getFollowUpDate());
        assertThat(processEngine().getTaskService().getVariablesLocal(task().getId()))
                .as("the department filters' Service and Operation columns: staff read the task's own variables,"
                        + " not the process instance's")
                .containsEntry(ModuleOperationProcess.SERVICE_ID, SERVICE_ID)
                .containsEntry(ModuleOperationProcess.OPERATION, "open");
        verify(operations, atLeastOnce()).releaseQueueSlot(KEY);
        assertThat(processEngine().getRuntimeService().createIncidentQuery().processInstanceId(pi.getId())
                .incidentType(LifecycleEvents.INCIDENT_WAITS_FOR_DEPARTMENT).singleResult().getIncidentMessage())
                .as("Cockpit shows the wait as an incident with the module's message")
                .contains("open of service " + SERVICE_ID, "AUTH_FAILED", DEPARTMENT);
        complete(task(), withVariables("decision", "retry", "comment", "password fixed"));
        assertThat(processEngine().getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).count())
                .as("the answer resolves it").isZero();
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);
        runTasks();

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_COMPLETED);
        verify(operations).recordDepartmentDecision(SERVICE_ID, "open", KEY, OperationOutcome.RETRY_CHOSEN,
                "password fixed");
    }

    // --- withdrawn by the caller (Msg_OperationWithdrawn: a client deleted the service being opened) -------------

    /** What the calling process does when it no longer wants the operation (ServiceOrderProcess's Task_WithdrawOpen). */
    private void withdraw(ProcessInstance pi) {
        new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService()).operationWithdrawn(pi.getId());
    }

    private long departmentTasks(ProcessInstance pi) {
        return processEngine().getTaskService().createTaskQuery().processInstanceId(pi.getId()).count();
    }

    @Test
    void anOperationListensForAWithdrawalOnlyWhileItWaitsForSomething() {
        ProcessInstance calling = start("open");
        doubles.runExternalTasks();
        assertThat(calling).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);

        assertThat(engine.getRuntimeService().createEventSubscriptionQuery().processInstanceId(calling.getId())
                .count()).as("an operation under way costs no event subscription (it had one from start to end)")
                .isZero();
    }

    @Test
    void aWithdrawnOperationEndsTheDepartmentTaskItWaitsAt() {
        module.answers("open", failure("AUTH_FAILED"));
        ProcessInstance pi = start("open");
        failThreeTimes(pi);
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_HANDLE_FAILED_OPERATION);

        withdraw(pi);

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_WITHDRAWN_AT_DEPARTMENT)
                .hasNotPassed(ModuleOperationProcess.END_ABORTED, ModuleOperationProcess.END_SKIPPED);
        assertThat(departmentTasks(pi)).as("Tasklist's task ended").isZero();
        assertThat(processEngine().getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).count())
                .as("no incident left for Cockpit").isZero();
        assertThat(module.count("execute open")).isEqualTo(3);
        verify(operations, never()).recordDepartmentDecision(anyLong(), anyString(), anyString(), any(), any());
        verify(operations).recordWithdrawn(SERVICE_ID, "open", KEY);
    }

    @Test
    void anOperationWithdrawnDuringItsCallCreatesNoDepartmentTask() {
        // no retries: the failed call goes to the department straight away
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine(), "R0/PT30S");
        operations = doubles.operations;
        module = doubles.module;
        module.answers("open", failure("AUTH_FAILED"));
        ProcessInstance pi = start("open");
        doubles.runExternalTasks();
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);

        withdraw(pi);
        assertThat(pi).as("the call under way is left to finish").isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);
        runTasks();

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_WITHDRAWN_BEFORE_RETRY)
                .hasNotPassed(ModuleOperationProcess.TASK_DECIDE_FAILURE_POLICY,
                        ModuleOperationProcess.TASK_HANDLE_FAILED_OPERATION);
        assertThat(departmentTasks(pi)).isZero();
        assertThat(module.count("execute open")).isEqualTo(1);
        verify(operations).recordWithdrawn(SERVICE_ID, "open", KEY);
    }

    /**
     * The withdrawal and a worker's report of the call it interrupts commit at the same moment: the report read the
     * instance before the withdrawal was noted, so it would create the department's task, which no message ever ends.
     * The note changes the instance's revision, so the report meets a concurrent change and runs again, seeing it.
     */
    @Test
    void aCallReportedWhileTheOperationIsWithdrawnRunsAgainAndCreatesNoDepartmentTask() throws Exception {
        doubles = ModuleOperationDoubles.register(engine.getProcessEngine(), "R0/PT30S");
        operations = doubles.operations;
        ProcessInstance pi = start("open");
        doubles.runExternalTasks();
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);
        var externalTasks = engine.getExternalTaskService();
        String call = externalTasks.fetchAndLock(1, "racing-worker").topic("module-call", 60_000).execute().get(0)
                .getId();
        Map<String, Object> failed = Map.of(ModuleOperationProcess.MODULE_OUTCOME, "TECHNICAL_FAILURE",
                ModuleOperationProcess.ERROR_CODE, "AUTH_FAILED", ModuleOperationProcess.TECHNICAL_FAILURES, 1,
                ModuleOperationProcess.DEPARTMENT_KEY, DEPARTMENT);
        CommandExecutor commands = ((ProcessEngineConfigurationImpl) engine.getProcessEngine()
                .getProcessEngineConfiguration()).getCommandExecutorTxRequired();

        assertThatThrownBy(() -> commands.execute(context -> {
            // the report has read the instance and its variables when the withdrawal commits in another transaction
            context.getExecutionManager().findExecutionById(pi.getId()).getVariables();
            Thread withdrawal = new Thread(() -> withdraw(pi));
            withdrawal.start();
            try {
                withdrawal.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            externalTasks.complete(call, "racing-worker", failed);
            return null;
        })).isInstanceOf(OptimisticLockingException.class);
        externalTasks.complete(call, "racing-worker", failed);

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_WITHDRAWN_BEFORE_RETRY)
                .hasNotPassed(ModuleOperationProcess.TASK_HANDLE_FAILED_OPERATION);
        assertThat(departmentTasks(pi)).isZero();
    }

    @Test
    void anOperationWithdrawnDuringACallThatFailsDoesNotBackOff() {
        module.answers("open", failure("UNAVAILABLE"), new ModuleOutcome.Completed(null));
        ProcessInstance pi = start("open");
        doubles.runExternalTasks();
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);

        withdraw(pi);
        runTasks();

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_WITHDRAWN_BEFORE_RETRY)
                .hasNotPassed(ModuleOperationProcess.GATEWAY_BACKOFF_OR_WITHDRAWN);
        assertThat(module.count("execute open")).isEqualTo(1);
    }

    @Test
    void anOperationWithdrawnWhileItBacksOffEndsAtOnce() {
        module.answers("open", failure("UNAVAILABLE"), new ModuleOutcome.Completed(null));
        ProcessInstance pi = start("open");
        runTasks();
        assertThat(pi).isWaitingAt(ModuleOperationProcess.GATEWAY_BACKOFF_OR_WITHDRAWN);

        withdraw(pi);

        assertThat(pi).as("no wait for the back-off's timer").isEnded()
                .hasPassed(ModuleOperationProcess.END_WITHDRAWN_WHILE_BACKING_OFF)
                .hasNotPassed(ModuleOperationProcess.TIMER_RETRY_BACKOFF);
        assertThat(engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).count()).isZero();
        assertThat(module.count("execute open")).isEqualTo(1);
        verify(operations).recordWithdrawn(SERVICE_ID, "open", KEY);
    }

    @Test
    void triesAgainAsSoonAsTheModuleAnswersWhenThePolicySaysRetryWhenAnswering() {
        module.answers("open", failure("UNAVAILABLE"), failure("UNAVAILABLE"), failure("UNAVAILABLE"),
                new ModuleOutcome.Completed(null));
        ProcessInstance pi = start("open");
        failThreeTimes(pi);
        assertThat(pi).isWaitingAt(ModuleOperationProcess.GATEWAY_RETRY_LATER_OR_WITHDRAWN)
                .variables().containsEntry(ModuleOperationProcess.FAILURE_POLICY, "RETRY_WHEN_ANSWERING");

        engine.getRuntimeService().createMessageCorrelation(ModuleAnswersAgain.MESSAGE).processInstanceId(pi.getId())
                .correlate();

        assertThat(pi).as("no wait for the hour of retry-later").isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE)
                .variables().containsEntry(ModuleOperationProcess.TECHNICAL_FAILURES, 0L);
        runTasks();
        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.EVENT_MODULE_ANSWERS_AGAIN,
                ModuleOperationProcess.END_COMPLETED).hasNotPassed(ModuleOperationProcess.TIMER_RETRY_LATER);
        assertThat(module.count("execute open")).isEqualTo(4);
    }

    @Test
    void aModuleThatNeverAnswersIsTriedAgainAfterRetryLater() {
        module.answers("open", failure("UNREACHABLE"), failure("UNREACHABLE"), failure("UNREACHABLE"),
                new ModuleOutcome.Completed(null));
        ProcessInstance pi = start("open");
        failThreeTimes(pi);
        assertThat(pi).isWaitingAt(ModuleOperationProcess.GATEWAY_RETRY_LATER_OR_WITHDRAWN)
                .variables().containsEntry(ModuleOperationProcess.FAILURE_POLICY, "RETRY_WHEN_ANSWERING");

        moveClock(Duration.ofMinutes(61));
        execute(job(pi));

        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);
        runTasks();
        assertThat(pi).isEnded()
                .hasPassed(ModuleOperationProcess.TIMER_RETRY_LATER, ModuleOperationProcess.END_COMPLETED)
                .hasNotPassed(ModuleOperationProcess.EVENT_MODULE_ANSWERS_AGAIN);
    }

    @Test
    void anOperationWithdrawnWhileItWaitsToRetryLaterEndsAtOnce() {
        module.answers("open", failure("UNAVAILABLE"));
        ProcessInstance pi = start("open");
        failThreeTimes(pi);
        assertThat(pi).isWaitingAt(ModuleOperationProcess.GATEWAY_RETRY_LATER_OR_WITHDRAWN);

        withdraw(pi);

        assertThat(pi).as("no wait of up to an hour").isEnded()
                .hasPassed(ModuleOperationProcess.END_WITHDRAWN_WHILE_WAITING_TO_RETRY)
                .hasNotPassed(ModuleOperationProcess.TIMER_RETRY_LATER);
        assertThat(engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).count()).isZero();
        assertThat(module.count("execute open")).isEqualTo(3);
        verify(operations).recordWithdrawn(SERVICE_ID, "open", KEY);
    }

    @Test
    void anOperationWithdrawnWhileItWaitsInLineDoesNotCallTheModuleWhenItsTurnComes() {
        when(operations.tryAcquireQueueSlot(anyLong(), anyString(), anyString(), anyBoolean())).thenReturn(false, true);
        ProcessInstance pi = start("open");
        doubles.runExternalTasks();
        assertThat(pi).isWaitingAt("Gateway_TurnOrRecheck");

        withdraw(pi);
        assertThat(pi).as("nothing listens in line: the turn is waited for").isWaitingAt("Gateway_TurnOrRecheck");
        new LifecycleEvents(engine.getRuntimeService(), engine.getRepositoryService()).giveTurns(List.of(pi.getId()));
        execute(job(pi));

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_WITHDRAWN_IN_LINE)
                .hasNotPassed(ModuleOperationProcess.TASK_CALL_MODULE);
        assertThat(module.calls).isEmpty();
        verify(operations, times(1)).tryAcquireQueueSlot(SERVICE_ID, KEY, pi.getId(), false);
        verify(operations).recordWithdrawn(SERVICE_ID, "open", KEY);
        verify(operations).releaseQueueSlot(KEY);
    }

    @Test
    void aWithdrawnOperationEndsItsWorkByHand() {
        module.answers("open", new ModuleOutcome.ManualWork("Set up service #42"));
        ProcessInstance pi = start("open");
        runTasks();
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_DO_MANUAL_WORK);

        withdraw(pi);

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_MANUAL_WORK_WITHDRAWN)
                .hasNotPassed(ModuleOperationProcess.END_MANUAL_WORK_DONE);
        assertThat(departmentTasks(pi)).isZero();
        verify(operations, never()).recordManualWork(anyLong(), anyString(), anyString(), any(), any(), any());
        verify(operations).recordWithdrawn(SERVICE_ID, "open", KEY);
    }

    @Test
    void anOperationWithdrawnDuringACallThatAsksForWorkByHandCreatesNoTask() {
        module.answers("open", new ModuleOutcome.ManualWork("Set up service #42"));
        ProcessInstance pi = start("open");
        doubles.runExternalTasks();
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);

        withdraw(pi);
        runTasks();

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_MANUAL_WORK_WITHDRAWN)
                .hasNotPassed(ModuleOperationProcess.TASK_DO_MANUAL_WORK);
        assertThat(departmentTasks(pi)).isZero();
        verify(operations).recordWithdrawn(SERVICE_ID, "open", KEY);
    }

    @Test
    void withdrawingAnOperationThatEndedIsNoError() {
        ProcessInstance pi = start("open");
        runTasks();
        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_COMPLETED);

        withdraw(pi);

        verify(operations, never()).recordWithdrawn(anyLong(), anyString(), anyString());
    }

    @Test
    void endsAsDoneWhenTheDepartmentSkips() {
        module.answers("close", failure("VM_LOCKED"));

        ProcessInstance pi = start("close");
        failThreeTimes(pi);
        complete(task(), withVariables("decision", "skip", "comment", "deleted in the panel"));

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_SKIPPED);
        verify(operations).recordSkipped(SERVICE_ID, "close", KEY, null, null, "deleted in the panel");
    }

    @Test
    void skippingAnOpenPutsWhatWasSetUpByHandOnTheServiceAndNeedsItsExternalId() {
        module.answers("open", failure("VM_LOCKED"));

        ProcessInstance pi = start("open");
        failThreeTimes(pi);
        assertThatThrownBy(() -> complete(task(), withVariables("decision", "skip")))
                .hasMessageContaining("external id");
        assertThat(pi).as("refused: the task stays").isWaitingAt(ModuleOperationProcess.TASK_HANDLE_FAILED_OPERATION);
        complete(task(), withVariables("decision", "skip", "externalId", "vm-9", "ipAddresses", "192.0.2.9",
                "credentialLogin", "client@example.com"));

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_SKIPPED);
        verify(operations).recordSkipped(SERVICE_ID, "open", KEY, "vm-9", "192.0.2.9", null);
        verify(doubles.credentials).recordByHand(SERVICE_ID, "client@example.com", null, null, null);
    }

    @Test
    void theFormRefusesAnAnswerNobodyChoseAndASkippedOpenWithoutItsExternalId() {
        module.answers("open", failure("VM_LOCKED"));
        ProcessInstance pi = start("open");
        failThreeTimes(pi);
        FormService forms = processEngine().getFormService();

        assertThat(forms.getTaskFormData(task().getId()).getFormFields())
                .extracting(field -> field.getId()).contains("serviceSummary", "failureText", "moduleCalls",
                        "processLink", "decision", "externalId", "ipAddresses", "credentialLogin");
        assertThatThrownBy(() -> forms.submitTaskForm(task().getId(), Map.of("decision", "choose")))
                .hasMessageContaining("choose Retry, Skip or Abort");
        assertThatThrownBy(() -> forms.submitTaskForm(task().getId(), Map.of("decision", "skip")))
                .hasMessageContaining("external id");
        forms.submitTaskForm(task().getId(), Map.of("decision", "abort"));

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_ABORTED);
    }

    @Test
    void failsWhenTheDepartmentAborts() {
        module.answers("setparam", failure("VM_LOCKED"));

        ProcessInstance pi = start("setparam");
        failThreeTimes(pi);
        complete(task(), withVariables("decision", "abort"));

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_ABORTED);
        verify(operations).recordDepartmentDecision(SERVICE_ID, "setparam", KEY, OperationOutcome.ABORTED, null);
    }

    @Test
    void endsWithTheRejectionError() {
        module.answers("setparam", new ModuleOutcome.Rejected("DISK_SHRINK", "a disk cannot shrink"));

        ProcessInstance pi = start("setparam");
        runTasks();

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_REJECTED)
                .hasNotPassed(ModuleOperationProcess.TASK_DECIDE_FAILURE_POLICY);
        verify(operations).releaseQueueSlot(KEY);
    }

    @Test
    void givesManualWorkToTheDepartmentAndRecordsWhatItEntered() {
        module.answers("open", new ModuleOutcome.ManualWork("Set up service #42"));

        ProcessInstance pi = start("open");
        runTasks();

        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_DO_MANUAL_WORK)
                .variables().containsEntry(ModuleOperationProcess.INSTRUCTIONS, "Set up service #42");
        assertThat(task()).hasCandidateGroup(DEPARTMENT).hasName("Service " + SERVICE_ID + " · open by hand")
                .hasDescription("what the module said: Set up service #42");
        assertThat(processEngine().getRuntimeService().createIncidentQuery().count())
                .as("manual work is work, not trouble").isZero();
        complete(task(), withVariables("externalId", "vm-17", "ipAddresses", "192.0.2.10, 192.0.2.11",
                "comment", "done"));

        assertThat(pi).isEnded().hasPassed(ModuleOperationProcess.END_MANUAL_WORK_DONE);
        verify(operations).recordManualWork(SERVICE_ID, "open", KEY, "vm-17", "192.0.2.10, 192.0.2.11", "done");
        assertThat(module.calls).containsExactly("execute open");
    }

    @Test
    void theManualWorkFormRefusesAnOpenWithoutItsExternalIdButNotOtherOperations() {
        module.answers("open", new ModuleOutcome.ManualWork("Set up service #42"));
        ProcessInstance open = start("open");
        runTasks();
        FormService forms = processEngine().getFormService();
        assertThat(open).isWaitingAt(ModuleOperationProcess.TASK_DO_MANUAL_WORK);
        String openByHand = task().getId();

        assertThatThrownBy(() -> forms.submitTaskForm(openByHand, Map.of("ipAddresses", "192.0.2.10")))
                .hasMessageContaining("needs the external id");
        assertThatThrownBy(() -> forms.submitTaskForm(openByHand, Map.of("externalId", "  ")))
                .hasMessageContaining("needs the external id");
        assertThat(open).isWaitingAt(ModuleOperationProcess.TASK_DO_MANUAL_WORK);
        forms.submitTaskForm(openByHand, Map.of("externalId", "box-17"));
        assertThat(open).isEnded().hasPassed(ModuleOperationProcess.END_MANUAL_WORK_DONE);

        module.answers("suspend", new ModuleOutcome.ManualWork("Stop service #42"));
        ProcessInstance suspend = start("suspend");
        runTasks();
        assertThat(suspend).isWaitingAt(ModuleOperationProcess.TASK_DO_MANUAL_WORK);
        forms.submitTaskForm(task().getId(), Map.of("comment", "stopped"));
        assertThat(suspend).isEnded().hasPassed(ModuleOperationProcess.END_MANUAL_WORK_DONE);
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
        module.answers("setparam", new ModuleOutcome.Rejected("DISK_SHRINK", "a disk cannot shrink"));

        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey("ModuleOperationCallerProbe", "42",
                Map.of(ModuleOperationProcess.SERVICE_ID, SERVICE_ID, ModuleOperationProcess.OPERATION, "setparam",
                        ModuleOperationProcess.OPERATION_KEY, KEY));
        ProcessInstance called = engine.getRuntimeService().createProcessInstanceQuery()
                .superProcessInstanceId(pi.getId()).singleResult();
        assertThat(called.getBusinessKey()).isEqualTo("42");
        runTasks();

        assertThat(pi).isEnded().hasPassed("EndEvent_Rejected");
    }

    @Test
    void anUnexpectedFailureIsRetriedAndThenAnIncidentOnTheCall() {
        when(operations.prepare(SERVICE_ID, "suspend", KEY)).thenThrow(new IllegalStateException("database hiccup"));

        ProcessInstance pi = start("suspend");
        runTasks();

        ExternalTask call = engine.getExternalTaskService().createExternalTaskQuery().singleResult();
        assertThat(call.getRetries()).isEqualTo(2);
        assertThat(call.getErrorMessage()).isEqualTo("database hiccup");
        assertThat(pi).isWaitingAt(ModuleOperationProcess.TASK_CALL_MODULE);
        for (int attempt = 0; attempt < 2; attempt++) {
            moveClock(Duration.ofMinutes(2));
            runTasks();
        }

        Incident incident = engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId())
                .singleResult();
        assertThat(incident.getActivityId()).isEqualTo(ModuleOperationProcess.TASK_CALL_MODULE);
        assertThat(incident.getIncidentMessage()).isEqualTo("database hiccup");
    }
}
