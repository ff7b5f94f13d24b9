package com.hostflow.e2e;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.common.time.ClockControl;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.lifecycle.ExternalTaskWakeUp;

/**
 * Waits, in an end-to-end test's own application, until nothing runs or waits to run: no job due (of an active
 * instance, with retries left), no module call waiting for a worker or being made (its lease held), no payment
 * waiting for its first delivery to the processes. Each look reads all of it in one database snapshot, so a step that
 * commits between two reads (a module call's completion leaving the next job) cannot slip through; the waits this
 * replaces asked for half a second of quiet in a row instead, on every settle. Timers due within the horizon (poll
 * waits, retry back-offs, a module call's back-off after a failure) are brought forward by moving the clock, and the
 * job executor and the external-task worker are told at once instead of at their next idle wake-up (up to
 * {@code camunda.bpm.job-execution.max-wait}, 2 s, and {@code hostflow.workers.max-idle-wait}, 1 s).
 */
final class QuietEngine {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final EndToEndApi api;
    private final Login admin;
    private final ClockControl clock;
    private final JdbcTemplate jdbc;
    private final JobExecutor jobExecutor;
    private final ExternalTaskWakeUp worker;
    private final TransactionTemplate snapshots;

    QuietEngine(EndToEndApi api, Login admin, ClockControl clock, JdbcTemplate jdbc, ProcessEngine engine,
            ExternalTaskWakeUp worker) {
        this.api = api;
        this.admin = admin;
        this.clock = clock;
        this.jdbc = jdbc;
        this.jobExecutor = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor();
        this.worker = worker;
        this.snapshots = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        snapshots.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshots.setReadOnly(true);
    }

    /** Waits until quiet, bringing timers due within {@code horizon} forward; {@code state} tells what was left. */
    void settle(Duration horizon, Supplier<String> state) {
        try {
            Awaitility.await("the engine to settle").atMost(WAIT).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50)).until(() -> quiet(horizon));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the engine did not settle within " + WAIT.toSeconds() + " s: " + look(clock.now())
                    + "; " + state.get(), e);
        }
    }

    /**
     * Moves the clock to the earliest timer when it is due within {@code horizon} and tells the job executor and the
     * worker; answers whether it moved.
     */
    boolean bringTimerForward(Duration horizon) {
        Instant now = clock.now();
        Instant earliest = look(now).earliestTimer();
        if (earliest == null || !earliest.isBefore(now.plus(horizon))) {
            return false;
        }
        api.moveClock(admin, earliest.plusMillis(200));
        wakeUp();
        return true;
    }

    private boolean quiet(Duration horizon) {
        Look look = look(clock.now());
        if (look.busy() > 0) {
            // a timer the clock passed, or a back-off it ended: run it now, not at the next idle wake-up
            wakeUp();
            return false;
        }
        return !bringTimerForward(horizon);
    }

    /** Tells the job executor and the external-task worker to look now. */
    void wakeUp() {
        if (jobExecutor != null) {
            jobExecutor.jobWasAdded();
        }
        worker.signal();
    }

    /** What runs or waits to run at {@code now}, and the earliest timer after it, read in one snapshot. */
    private Look look(Instant now) {
        return snapshots.execute(status -> {
            Timestamp at = Timestamp.from(now);
            int dueJobs = count("select count(*) from act_ru_job where retries_ > 0 and suspension_state_ = 1"
                    + " and (duedate_ is null or duedate_ <= ?)", at);
            // a task fetched again after a failure keeps its message: its lease tells that a worker is on it
            int tasks = count("select count(*) from act_ru_ext_task where (retries_ is null or retries_ > 0)"
                    + " and suspension_state_ = 1 and (lock_exp_time_ is null or lock_exp_time_ <= ?"
                    + " or error_msg_ is null)", at);
            int leases = count("select count(*) from hostflow.module_queue_entry e join hostflow.module_queue q"
                    + " on q.id = e.queue_id where q.module_id = 0 and q.queue_value = 'external-task'"
                    + " and e.lease_until > clock_timestamp()");
            // a delivery that failed waits for its next attempt (and the test that made it fail)
            int payments = count("select count(*) from hostflow.lifecycle_event where attempts = 0");
            Timestamp nextJob = jdbc.queryForObject("select min(duedate_) from act_ru_job where retries_ > 0"
                    + " and suspension_state_ = 1 and duedate_ > ?", Timestamp.class, at);
            // a module call that failed waits out its retry back-off, locked with its message: a timer too
            Timestamp nextTask = jdbc.queryForObject("select min(lock_exp_time_) from act_ru_ext_task"
                    + " where (retries_ is null or retries_ > 0) and suspension_state_ = 1 and lock_exp_time_ > ?"
                    + " and error_msg_ is not null", Timestamp.class, at);
            return new Look(List.of(dueJobs, tasks, leases, payments), earliest(nextJob, nextTask));
        });
    }

    private int count(String sql, Object... args) {
        Integer count = jdbc.queryForObject(sql, Integer.class, args);
        return count == null ? 0 : count;
    }

    private static Instant earliest(Timestamp a, Timestamp b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? null : b.toInstant()) : a.toInstant();
        }
        return a.before(b) ? a.toInstant() : b.toInstant();
    }

    /** Due jobs, module calls to make or being made, held leases and undelivered payments; the next timer. */
    private record Look(List<Integer> counts, Instant earliestTimer) {

        int busy() {
            return counts.stream().mapToInt(Integer::intValue).sum();
        }

        @Override
        public String toString() {
            return "due jobs, module calls, leases, payments " + counts + ", next timer " + earliestTimer;
        }
    }
}
