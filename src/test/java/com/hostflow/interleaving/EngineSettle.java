package com.hostflow.interleaving;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.common.time.ClockControl;
import com.hostflow.lifecycle.ExternalTaskWakeUp;

/**
 * Waits until the engine has settled: no job is due or running, no payment waits to be delivered to the processes
 * and no external task (module call) is waiting to be fetched or being worked on. Processes that wait only on a short timer (poll waits, retry back-offs, a retry round
 * when VMmanager is down) are woken by moving the clock to that timer, the way time would pass; business timers
 * (payment deadlines, weekends, the end of a paid period) lie beyond the horizon and wait for the scenario's clock
 * events.
 */
final class EngineSettle {

    /** Back-offs and poll waits of the short settings; a failure round's "retry later" is beyond it. */
    static final Duration SHORT = Duration.ofSeconds(10);
    /** Also brings "retry later" (one minute in the short settings) forward, once VMmanager is well again. */
    static final Duration RETRY_ROUND = Duration.ofSeconds(90);
    static final Duration MAX_WAIT = Duration.ofSeconds(90);

    private final ManagementService management;
    private final ExternalTaskService externalTasks;
    private final ClockControl clock;
    private final ExternalTaskWakeUp workerWakeUp;
    private final ProcessEngineConfigurationImpl engine;
    private final JdbcTemplate jdbc;
    /** one repeatable-read transaction per look: every count of it from the same snapshot */
    private final TransactionTemplate snapshots;

    EngineSettle(HostFlowUnderTest app) {
        this.management = app.bean(ManagementService.class);
        this.externalTasks = app.bean(ExternalTaskService.class);
        this.clock = app.bean(ClockControl.class);
        this.workerWakeUp = app.bean(ExternalTaskWakeUp.class);
        this.engine = (ProcessEngineConfigurationImpl) app.bean(ProcessEngine.class).getProcessEngineConfiguration();
        this.jdbc = app.bean(JdbcTemplate.class);
        this.snapshots = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        snapshots.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshots.setReadOnly(true);
    }

    /** Waits until settled, bringing timers due within {@code horizon} forward; empty, or what never settled. */
    Optional<String> settle(Duration horizon) {
        try {
            Awaitility.await("the engine to settle").atMost(MAX_WAIT).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50)).until(() -> settled(horizon));
            return Optional.empty();
        } catch (ConditionTimeoutException e) {
            return Optional.of("the engine did not settle within " + MAX_WAIT.toSeconds() + " s: " + describe());
        }
    }

    /**
     * Nothing runs and nothing waits to run now (a timer may still be due later): no module operation can start
     * before the clock moves, so there is no point in waiting for one.
     */
    boolean idle() {
        return snapshot(clock.now()).idle();
    }

    private boolean settled(Duration horizon) {
        Instant now = clock.now();
        Snapshot snapshot = snapshot(now);
        if (!snapshot.idle()) {
            return false;
        }
        Instant earliest = snapshot.earliestTimer();
        if (earliest != null && earliest.isBefore(now.plus(horizon))) {
            clock.moveTo(earliest.plusMillis(200));
            // tell the job executor and the external-task worker at once, instead of at their next idle wake-up
            if (engine.getJobExecutor() != null) {
                engine.getJobExecutor().jobWasAdded();
            }
            workerWakeUp.signal();
            return false;
        }
        return true;
    }

    /**
     * What runs or waits, read in one snapshot of the database. Read one query after the other, a transaction that
     * committed in between slipped through: a module call's completion gave its lease back and left a due job (the
     * next step) after the jobs had been counted and before the leases were, so the scenario was checked while that
     * job still ran (seed 8699556099875662510: an ACTIVE service whose host its deletion had just removed).
     */
    private Snapshot snapshot(Instant now) {
        return snapshots.execute(status -> {
            Timestamp at = Timestamp.from(now);
            int dueJobs = count("select count(*) from act_ru_job where retries_ > 0"
                    + " and (duedate_ is null or duedate_ <= ?)", at);
            int workingTasks = count("select count(*) from act_ru_ext_task where (retries_ is null or retries_ > 0)"
                    + " and (lock_exp_time_ is null or lock_exp_time_ <= ? or error_msg_ is null)", at);
            int busy = dueJobs + workingTasks + undeliveredEvents() + leasesHeld();
            Timestamp nextJob = jdbc.queryForObject("select min(duedate_) from act_ru_job where retries_ > 0"
                    + " and duedate_ > ?", Timestamp.class, at);
            // a task that failed and waits out its retry back-off is a timer
            Timestamp nextTask = jdbc.queryForObject("select min(lock_exp_time_) from act_ru_ext_task"
                    + " where (retries_ is null or retries_ > 0) and lock_exp_time_ > ? and error_msg_ is not null",
                    Timestamp.class, at);
            return new Snapshot(busy, min(nextJob == null ? null : nextJob.toInstant(),
                    nextTask == null ? null : nextTask.toInstant()));
        });
    }

    /** How much runs or waits to run now, and the earliest timer after now (null: none). */
    private record Snapshot(int busy, Instant earliestTimer) {

        boolean idle() {
            return busy == 0;
        }
    }

    private int count(String sql, Object... args) {
        Integer count = jdbc.queryForObject(sql, Integer.class, args);
        return count == null ? 0 : count;
    }

    /**
     * External tasks a worker is working on: it holds the task's lease from the fetch until the completion commits
     * (ExternalTaskLeases). Their error message does not tell: a task that failed once keeps it when it is fetched
     * again, so without the lease it looked like a task waiting out its retry back-off, and the scenario was checked
     * while the retried completion was still to commit.
     */
    private int leasesHeld() {
        return count("select count(*) from hostflow.module_queue_entry e"
                + " join hostflow.module_queue q on q.id = e.queue_id where q.module_id = 0"
                + " and q.queue_value = 'external-task' and e.lease_until > clock_timestamp()");
    }

    private int undeliveredEvents() {
        return count("select count(*) from hostflow.lifecycle_event");
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b != null && b.isBefore(a) ? b : a;
    }

    private String describe() {
        List<String> lines = new ArrayList<>();
        lines.add("now " + clock.now() + ", undelivered payment events " + undeliveredEvents());
        management.createJobQuery().withRetriesLeft().orderByJobDuedate().asc().listPage(0, 10).forEach(job -> lines
                .add("job " + job.getId() + " of " + job.getProcessDefinitionKey() + " due " + job.getDuedate()
                        + " retries " + job.getRetries() + " " + Objects.toString(job.getExceptionMessage(), "")));
        externalTasks.createExternalTaskQuery().withRetriesLeft().listPage(0, 10).forEach(task -> lines.add(
                "external task " + task.getTopicName() + " of " + task.getBusinessKey() + " at "
                        + task.getActivityId() + " locked until " + task.getLockExpirationTime() + " "
                        + Objects.toString(task.getErrorMessage(), "")));
        lines.add("leases held " + leasesHeld());
        // what the application's own threads are doing: a worker stuck in a call or on a lock shows here
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("external-task") || thread.getName().startsWith("payment-events")) {
                lines.add("thread " + thread.getName() + " " + thread.getState() + "\n    at " + String.join(
                        "\n    at ", Arrays.stream(stack).limit(40).map(StackTraceElement::toString).toList()));
            }
        });
        return String.join("; ", lines);
    }
}
