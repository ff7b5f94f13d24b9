package com.hostflow.lifecycle;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.ExternalTaskQueryBuilder;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.common.web.EngineRestEngineErrors;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Camunda's external-task pattern inside the application: one dispatcher thread fetches and locks tasks of every
 * {@link ExternalTaskHandler}'s topic (one short engine transaction per fetch) and hands them to a pool of worker
 * threads, which call the other system with no transaction or connection open and then report in a second short
 * transaction. Every node runs one; the engine's locks keep two nodes from working on the same task, and a task whose
 * node died is fetched again when its lock expires (handlers are idempotent). A task fetched again while a worker
 * still runs it (its lock expired by the engine's clock, which the demo and the tests move) is left to that worker:
 * {@link ExternalTaskLeases}.
 */
@Component
class ExternalTaskWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExternalTaskWorker.class);
    private static final Duration MIN_IDLE_WAIT = Duration.ofMillis(50);
    /** Tasks this node worked on, by topic and outcome: {@code reported} (completed) or {@code failed}. */
    static final String TASKS_METER = "hostflow.external.tasks";

    private final ExternalTaskService externalTasks;
    private final Map<String, ExternalTaskHandler> handlers;
    private final ExternalTaskWorkerSettings settings;
    private final ExternalTaskWakeUp wakeUp;
    private final TransactionTemplate transaction;
    private final ExternalTaskCompletion completion;
    private final ExternalTaskLeases leases;
    private final MeterRegistry meters;
    private final String workerId;
    private final Semaphore freeThreads;
    private ExecutorService pool;
    private Thread dispatcher;
    private volatile boolean running;

    ExternalTaskWorker(ExternalTaskService externalTasks, List<ExternalTaskHandler> handlers,
            ExternalTaskWorkerSettings settings, ExternalTaskWakeUp wakeUp, PlatformTransactionManager transactions,
            NodeName nodeName, ExternalTaskLeases leases, MeterRegistry meters) {
        this.externalTasks = externalTasks;
        this.handlers = handlers.stream().collect(Collectors.toMap(ExternalTaskHandler::topic, Function.identity()));
        this.settings = settings;
        this.wakeUp = wakeUp;
        // the node, then the process and a random part: two starts of one node are told apart in the history
        this.workerId = nodeName.value() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString()
                .substring(0, 8);
        this.transaction = new TransactionTemplate(transactions);
        this.completion = new ExternalTaskCompletion(externalTasks, transaction, workerId);
        this.freeThreads = new Semaphore(settings.threads());
        this.leases = leases;
        this.meters = meters;
    }

    @Override
    public void start() {
        if (!settings.enabled() || handlers.isEmpty()) {
            log.info("external-task worker is off");
            return;
        }
        running = true;
        pool = Executors.newFixedThreadPool(settings.threads(), runnable -> {
            Thread thread = new Thread(runnable, "external-task-" + UUID.randomUUID().toString().substring(0, 4));
            thread.setDaemon(true);
            return thread;
        });
        dispatcher = new Thread(this::dispatch, "external-task-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
        log.info("external-task worker {} started for topics {} with {} threads", workerId, handlers.keySet(),
                settings.threads());
    }

    @Override
    public void stop() {
        running = false;
        if (dispatcher == null) {
            return;
        }
        dispatcher.interrupt();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("external tasks still running at shutdown; their locks expire and another node takes over");
                pool.shutdownNow();
            }
            dispatcher.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void dispatch() {
        Duration idleWait = MIN_IDLE_WAIT;
        while (running) {
            try {
                freeThreads.acquire();
                int capacity = 1 + freeThreads.drainPermits();
                List<Fetched> tasks;
                try {
                    tasks = fetch(capacity);
                } catch (RuntimeException e) {
                    freeThreads.release(capacity);
                    if (instanceEndedWhileFetched(e)) {
                        log.info("fetching external tasks met a process instance that ended meanwhile (the engine's"
                                + " NullPointerException in ExecutionEntity.ensureExecutionTreeInitialized); nothing "
                                + "was locked, trying again in {}", settings.maxIdleWait());
                    } else {
                        log.warn("fetching external tasks failed; trying again in {}", settings.maxIdleWait(), e);
                    }
                    wakeUp.await(settings.maxIdleWait());
                    continue;
                }
                freeThreads.release(capacity - tasks.size());
                tasks.forEach(this::submit);
                if (tasks.isEmpty()) {
                    boolean woken = wakeUp.await(idleWait);
                    idleWait = woken ? MIN_IDLE_WAIT : min(idleWait.multipliedBy(2), settings.maxIdleWait());
                } else {
                    idleWait = MIN_IDLE_WAIT;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Fetches and locks tasks and takes their leases in one transaction (one commit for the lot, not one per task); a
     * task whose lease another worker holds comes with no holder.
     */
    private List<Fetched> fetch(int capacity) {
        return transaction.execute(status -> {
            // oldest first (after priority): with a backlog, an arbitrary order let some tasks wait for many rounds
            ExternalTaskQueryBuilder query = externalTasks.fetchAndLock().workerId(workerId).maxTasks(capacity)
                    .usePriority(true).orderByCreateTime().asc().subscribe();
            for (ExternalTaskHandler handler : handlers.values()) {
                query = query.topic(handler.topic(), settings.lockDuration().toMillis())
                        .variables(handler.variables().toArray(String[]::new));
            }
            return query.execute().stream().map(task -> new Fetched(task, leases.takeInTransaction(task.getId())))
                    .toList();
        });
    }

    /**
     * The engine's race of a fetch with the end of a task's process instance: the fetch reads the task's execution
     * (and skips a task whose execution is gone), then, collecting the task's variables, reads the instance's
     * executions to find its parent; when the instance ended and committed in between, it finds none and
     * {@code ExecutionEntity.ensureExecutionTreeInitialized} fails with a NullPointerException. Only a task whose
     * execution is not the instance's own (a scope: an input mapping, a boundary event, a subprocess) meets it; the
     * failed fetch locked nothing, and the task went with its instance.
     */
    static boolean instanceEndedWhileFetched(RuntimeException failure) {
        StackTraceElement[] stack = failure.getStackTrace();
        return failure instanceof NullPointerException && stack.length > 0
                && stack[0].getClassName().equals("org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity")
                && stack[0].getMethodName().equals("ensureExecutionTreeInitialized")
                && Arrays.stream(stack).anyMatch(frame -> frame.getClassName()
                        .equals("org.camunda.bpm.engine.impl.cmd.FetchExternalTasksCmd"));
    }

    /** A fetched task and the holder token of its lease (null: another worker still works on it). */
    private record Fetched(LockedExternalTask task, String lease) {
    }

    private void submit(Fetched fetched) {
        LockedExternalTask task = fetched.task();
        String lease = fetched.lease();
        pool.execute(() -> {
            AtomicBoolean givenBack = new AtomicBoolean();
            try {
                if (lease == null) {
                    // fetched again while an earlier fetch still works on it (its lock expired by the engine's clock)
                    log.info("external task {} ({} of process instance {}) is still being worked on; left to that "
                            + "worker", task.getId(), task.getActivityId(), task.getProcessInstanceId());
                    return;
                }
                // the lease goes back in the transaction that completes the task; only when that never commits
                // (the handler failed, or left the task) does it go back in a transaction of its own
                handlers.get(task.getTopicName()).handle(task, completion.alsoInTransaction(() -> {
                    leases.giveBackInTransaction(task.getId(), lease);
                    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            givenBack.set(true);
                            count(task, "reported");
                        }
                    });
                }));
            } catch (RuntimeException | Error e) {
                // an Error too (a class that did not load, a stack overflow): otherwise the task would stay locked,
                // neither retried nor an incident, until its lock ran out
                givenBack.set(fail(task, lease, e));
            } finally {
                if (!givenBack.get()) {
                    giveBack(task, lease);
                }
                sweepLeases();
                freeThreads.release();
            }
        });
    }

    private void sweepLeases() {
        try {
            leases.sweepIfDue();
        } catch (RuntimeException e) {
            log.warn("could not sweep expired external-task leases; trying again later: {}", e.getMessage());
        }
    }

    private void giveBack(LockedExternalTask task, String lease) {
        if (lease == null) {
            return;
        }
        try {
            leases.giveBack(task.getId(), lease);
        } catch (RuntimeException e) {
            log.warn("could not give back the lease of external task {}; it expires: {}", task.getId(), e.getMessage());
        }
    }

    /**
     * An unexpected failure: retried after a pause, then an incident that names the task's activity in Cockpit. The
     * lease goes back in the transaction that reports the failure: given back after it, a retry due at once (the
     * tests' clock moves to it) was fetched in between, found the lease taken and was left to a worker that had
     * already given up, locked for a whole lock duration. Answers whether the lease went back.
     */
    private boolean fail(LockedExternalTask task, String lease, Throwable failure) {
        int retries = task.getRetries() == null ? settings.retries() : task.getRetries();
        if (EngineRestEngineErrors.suspended(failure)) {
            // its process, or the process that called it (an order whose open this is), was suspended in Cockpit:
            // the task is not at fault and tries again after the pause until an admin activates it, using no retry
            log.info("external task {} ({} of process instance {}) waits: its process or its caller is suspended"
                    + " ({}); tried again in {}", task.getId(), task.getActivityId(), task.getProcessInstanceId(),
                    failure.getMessage(), settings.retryTimeout());
        } else {
            retries--;
            log.warn("external task {} ({} of process instance {}) failed, {} retries left", task.getId(),
                    task.getActivityId(), task.getProcessInstanceId(), Math.max(retries, 0), failure);
        }
        int retriesLeft = retries;
        try {
            ExternalTaskCompletion.runAgainOnConcurrentChange(transaction, () -> {
                externalTasks.handleFailure(task.getId(), workerId, String.valueOf(failure.getMessage()),
                        failure.toString(), Math.max(retriesLeft, 0), settings.retryTimeout().toMillis());
                leases.giveBackInTransaction(task.getId(), lease);
            });
            count(task, "failed");
            return true;
        } catch (RuntimeException e) {
            log.warn("could not report the failure of external task {}: {}", task.getId(), e.getMessage());
            return false;
        }
    }

    private void count(LockedExternalTask task, String outcome) {
        meters.counter(TASKS_METER, "topic", task.getTopicName(), "outcome", outcome).increment();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
