package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.support.ExternalTaskHandlers;
import com.hostflow.support.IntegrationTest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The worker reports every way a handler can fail: a task it neither completes nor fails stays locked for the whole
 * lock duration (five minutes), neither retried nor an incident Cockpit shows.
 */
@IntegrationTest
class ExternalTaskWorkerTest {

    @Autowired
    ExternalTaskService externalTasks;

    @Autowired
    RepositoryService repository;

    @Autowired
    RuntimeService runtime;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    NodeName nodeName;

    @Autowired
    ExternalTaskLeases leases;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LifecycleEvents events;

    private final String topic = "worker-test-" + UUID.randomUUID();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private String deploymentId;
    private ExternalTaskWorker worker;

    @AfterEach
    void tearDown() {
        if (worker != null) {
            worker.stop();
        }
        if (deploymentId != null) {
            repository.deleteDeployment(deploymentId, true);
        }
    }

    @Test
    void aHandlerThatThrowsAnErrorHasItsTaskFailedAndRetriedNotLeftLocked() {
        String processInstanceId = startProcessWithExternalTask();
        worker = workerFor(handlerThat(() -> {
            throw new NoClassDefFoundError("com/example/Gone");
        }));
        worker.start();

        ExternalTask failed = Awaitility.await("the task's failure to be reported").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> externalTasks.createExternalTaskQuery().processInstanceId(processInstanceId)
                        .singleResult(), task -> task.getErrorMessage() != null);
        assertThat(failed.getErrorMessage()).contains("com/example/Gone");
        assertThat(failed.getRetries()).as("one of three attempts used").isEqualTo(2);
        Awaitility.await("the failure counted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> handled("failed") >= 1.0);
        assertThat(handled("reported")).isZero();
    }

    @Test
    void aFailedTasksLeaseGoesBackWithTheFailureNotAfterIt() {
        String processInstanceId = startProcessWithExternalTask();
        CountDownLatch mayFail = new CountDownLatch(1);
        worker = workerFor(handlerThat(() -> {
            awaitQuietly(mayFail);
            throw new IllegalStateException("a bug in a module adapter");
        }));
        worker.start();
        String taskId = Awaitility.await("the task to be fetched").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> taskOf(processInstanceId), t -> t.getWorkerId() != null).getId();
        Awaitility.await("its lease").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> leaseRows(taskId) == 1);

        // the lease's row held here: the worker's give-back waits for it, and the failure must wait with it
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            jdbc.queryForList("select id from hostflow.module_queue_entry where operation_key = ? for update",
                    Long.class, taskId);
            mayFail.countDown();
            awaitBlockedByThisTransaction();
            assertThat(taskOf(processInstanceId).getErrorMessage())
                    .as("the failure is reported in the transaction that gives the lease back").isNull();
        });

        ExternalTask failed = Awaitility.await("the failure").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(() -> taskOf(processInstanceId),
                        t -> t.getErrorMessage() != null);
        assertThat(failed.getErrorMessage()).isEqualTo("a bug in a module adapter");
        assertThat(leaseRows(taskId)).isZero();
    }

    @Test
    void aCompletionThatMeetsASecondFetchsLockIsReportedAgainNotLost() {
        // the long run's "did not settle": the clock moved past the lock while the worker called VMmanager, a second
        // fetch re-locked the task (and left it to the worker), the worker's completion lost the engine's optimistic
        // lock to that fetch, then its failure report lost it to a third: the task stayed locked with nobody on it
        String processInstanceId = startProcessWithExternalTask();
        CountDownLatch mayComplete = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        worker = workerFor(handlerThat((task, completion) -> {
            calls.incrementAndGet();
            awaitQuietly(mayComplete);
            completion.complete(task, Map::of);
        }));
        worker.start();
        String taskId = Awaitility.await("the task to be fetched").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> taskOf(processInstanceId), t -> t.getWorkerId() != null).getId();

        // what a second fetch does to the task's row, held until the worker's completion waits for it
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            jdbc.update("update act_ru_ext_task set rev_ = rev_ + 1 where id_ = ?", taskId);
            mayComplete.countDown();
            awaitBlockedByThisTransaction();
        });

        Awaitility.await("the process to go on past the task").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(() -> !events.isRunning(processInstanceId));
        assertThat(calls).as("the module was called once").hasValue(1);
        assertThat(leaseRows(taskId)).isZero();
        Awaitility.await("the report counted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> handled("reported") == 1.0);
    }

    @Test
    void aBacklogIsWorkedOffOldestFirst() {
        List<String> started = startProcessesWithExternalTask(6);
        // created in the reverse order of their start: what the table's own order would not give by chance
        Instant now = Instant.now();
        for (int i = 0; i < started.size(); i++) {
            jdbc.update("update act_ru_ext_task set create_time_ = ? where proc_inst_id_ = ?",
                    Timestamp.from(now.minus(Duration.ofMinutes(i + 1))), started.get(i));
        }
        List<String> handled = new CopyOnWriteArrayList<>();
        worker = workerFor(1, handlerThat((task, completion) -> {
            handled.add(task.getProcessInstanceId());
            completion.complete(task, Map::of);
        }));
        worker.start();

        Awaitility.await("the backlog worked off").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> handled.size() == started.size());
        List<String> oldestFirst = new ArrayList<>(started);
        Collections.reverse(oldestFirst);
        assertThat(handled).containsExactlyElementsOf(oldestFirst);
    }

    @Test
    void aTaskWhoseCallerIsSuspendedInCockpitWaitsForItsActivationWithoutUsingItsRetries() {
        // an admin suspended the order in Cockpit while its ModuleOperationProcess polled the module: the called
        // instance is not suspended, its completion ends it and meets the suspended caller; each such completion
        // used one of three retries, and the open became an incident within minutes
        String caller = startCallerOfProcessWithExternalTask();
        runtime.suspendProcessInstanceById(caller);
        AtomicInteger completions = new AtomicInteger();
        worker = workerFor(2, Duration.ofMillis(100), handlerThat((task, completion) -> {
            completions.incrementAndGet();
            completion.complete(task, Map::of);
        }));
        ListAppender<ILoggingEvent> engineLog = new ListAppender<>();
        engineLog.start();
        Logger processVirtualMachine = (Logger) LoggerFactory.getLogger("org.camunda.bpm.engine.pvm");
        processVirtualMachine.addAppender(engineLog);
        try {
            worker.start();
            Awaitility.await("three completions refused").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> completions.get() >= 3);
        } finally {
            processVirtualMachine.detachAppender(engineLog);
        }
        assertThat(engineLog.list).as("the engine's ERROR for each refusal (ENGINE-20009), with its stack trace")
                .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        assertThat(runtime.createIncidentQuery().processInstanceId(calledBy(caller)).count()).isZero();
        assertThat(taskOf(calledBy(caller)).getRetries()).as("no retry used").isIn(null, 3);
        runtime.activateProcessInstanceById(caller);
        Awaitility.await("the caller to go on past its call").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(() -> !events.isRunning(caller));
    }

    @Test
    void aFetchThatMeetsAnInstanceEndingMeanwhileIsNoWarning() {
        // the burst probe's WARN 'fetching external tasks failed' with the engine's NullPointerException: the fetch
        // read the task's execution (a scope of its own, here for its input mapping), the instance ended and
        // committed, then the fetch's collecting of variables found none of the instance's executions
        String key = "WorkerTest_" + UUID.randomUUID().toString().replace("-", "");
        deploymentId = repository.createDeployment().addModelInstance(key + ".bpmn", Bpmn.createExecutableProcess(key)
                .startEvent().serviceTask("Task_Work").camundaExternalTask(topic).camundaInputParameter("x", "1")
                .endEvent().done()).deploy().getId();
        String processInstanceId = runtime.startProcessInstanceByKey(key).getId();
        assertThat(taskOf(processInstanceId).getExecutionId()).as("the task's execution is not the instance's")
                .isNotEqualTo(processInstanceId);
        AtomicInteger calls = new AtomicInteger();
        worker = workerFor(handlerThat(calls::incrementAndGet));
        ListAppender<ILoggingEvent> workerLog = new ListAppender<>();
        workerLog.start();
        Logger workerLogger = (Logger) LoggerFactory.getLogger(ExternalTaskWorker.class);
        workerLogger.addAppender(workerLog);
        try {
            // the task's variables held here: the fetch waits for them after it read the task's execution
            new TransactionTemplate(transactions).executeWithoutResult(status -> {
                jdbc.execute("lock table act_ru_variable in access exclusive mode");
                worker.start();
                Awaitility.await("the fetch to wait for the variables").atMost(Duration.ofSeconds(30))
                        .pollInSameThread().pollInterval(Duration.ofMillis(50)).until(() -> jdbc.queryForObject(
                                "select count(*) from pg_locks where not granted"
                                        + " and relation = 'act_ru_variable'::regclass", Integer.class) > 0);
                runtime.deleteProcessInstance(processInstanceId, "ended while fetched");
            });
            Awaitility.await("the fetch to fail").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> workerLog.list.stream().anyMatch(e -> e.getFormattedMessage().contains("fetching")));
        } finally {
            workerLogger.detachAppender(workerLog);
        }
        assertThat(workerLog.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        assertThat(workerLog.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(message -> message.contains("ended meanwhile"));
        assertThat(calls).hasValue(0);
        assertThat(ExternalTaskWorker.instanceEndedWhileFetched(new NullPointerException("a real bug")))
                .as("any other failure of a fetch still warns").isFalse();
    }

    /** Polled on this thread: its transaction's connection is the one that holds the row. */
    private void awaitBlockedByThisTransaction() {
        Awaitility.await("the worker to wait for the row").atMost(Duration.ofSeconds(30)).pollInSameThread()
                .pollInterval(Duration.ofMillis(50)).until(() -> jdbc.queryForObject(
                        "select count(*) from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))",
                        Integer.class) > 0);
    }

    private double handled(String outcome) {
        return meters.counter(ExternalTaskWorker.TASKS_METER, "topic", topic, "outcome", outcome).count();
    }

    private ExternalTask taskOf(String processInstanceId) {
        return externalTasks.createExternalTaskQuery().processInstanceId(processInstanceId).singleResult();
    }

    private int leaseRows(String taskId) {
        return jdbc.queryForObject("select count(*) from hostflow.module_queue_entry where operation_key = ?",
                Integer.class, taskId);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ExternalTaskHandler handlerThat(Runnable work) {
        return handlerThat((task, completion) -> work.run());
    }

    private ExternalTaskHandler handlerThat(BiConsumer<LockedExternalTask, ExternalTaskCompletion> work) {
        return ExternalTaskHandlers.handler(topic, work);
    }

    private String startProcessWithExternalTask() {
        return startProcessesWithExternalTask(1).get(0);
    }

    private List<String> startProcessesWithExternalTask(int count) {
        String key = "WorkerTest_" + UUID.randomUUID().toString().replace("-", "");
        deploymentId = repository.createDeployment().addModelInstance(key + ".bpmn", Bpmn.createExecutableProcess(key)
                .startEvent().serviceTask("Task_Work").camundaExternalTask(topic).endEvent().done()).deploy().getId();
        return IntStream.range(0, count).mapToObj(i -> runtime.startProcessInstanceByKey(key).getId()).toList();
    }

    /** A worker of its own for the test's topic, beside the application's (which never fetches that topic). */
    private ExternalTaskWorker workerFor(ExternalTaskHandler handler) {
        return workerFor(2, handler);
    }

    private ExternalTaskWorker workerFor(int threads, ExternalTaskHandler handler) {
        return workerFor(threads, Duration.ofMinutes(1), handler);
    }

    private ExternalTaskWorker workerFor(int threads, Duration retryTimeout, ExternalTaskHandler handler) {
        return new ExternalTaskWorker(externalTasks, List.of(handler), new ExternalTaskWorkerSettings(true, threads,
                Duration.ofMinutes(5), Duration.ofMillis(100), 3, retryTimeout), new ExternalTaskWakeUp(),
                transactions, nodeName, leases, meters);
    }

    /** A process that calls one with the test's external task (as an order calls its module operation). */
    private String startCallerOfProcessWithExternalTask() {
        String called = "WorkerTest_" + UUID.randomUUID().toString().replace("-", "");
        String caller = called + "_Caller";
        deploymentId = repository.createDeployment()
                .addModelInstance(called + ".bpmn", Bpmn.createExecutableProcess(called).startEvent()
                        .serviceTask("Task_Work").camundaExternalTask(topic).endEvent().done())
                .addModelInstance(caller + ".bpmn", Bpmn.createExecutableProcess(caller).startEvent()
                        .callActivity("Task_Call").calledElement(called).endEvent().done())
                .deploy().getId();
        return runtime.startProcessInstanceByKey(caller).getId();
    }

    private String calledBy(String caller) {
        return runtime.createProcessInstanceQuery().superProcessInstanceId(caller).singleResult().getId();
    }
}
