package com.hostflow.support;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What runs or waits to run in the engine at a moment, and its next timer, read in one repeatable-read snapshot of
 * the database: the one definition of "settled" that the end-to-end tests' {@code QuietEngine} and the interleaving
 * property's {@code EngineSettle} wait for. Read one query after the other, a transaction that committed in between
 * slipped through: a module call's completion gave its lease back and left a due job (the next step) after the jobs
 * had been counted and before the leases were (interleaving seed 8699556099875662510).
 * <p>
 * Counted, of active process instances only (a suspended instance waits for an admin, not for time): jobs due with
 * retries left; module calls (external tasks) waiting for a worker or being made; leases a worker holds from the fetch
 * until its completion commits (a task fetched again after a failure keeps its error message, so only the lease tells
 * that a worker is on it); payment events not yet delivered to the processes. The next timer is the earliest job due
 * later or a failed module call's retry back-off (locked with its message).
 */
public final class EngineSnapshot {

    /** Which undelivered payment events count as work still to do. */
    public enum Payments {
        /** Every one: a delivery that failed is tried again by the sweep, and the scenario waits for it. */
        EVERY_UNDELIVERED,
        /** Only those never tried: a delivery that failed waits for the test that made it fail. */
        NEVER_TRIED
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshots;
    private final String payments;

    public EngineSnapshot(JdbcTemplate jdbc, Payments payments) {
        this.jdbc = jdbc;
        this.snapshots = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        snapshots.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshots.setReadOnly(true);
        this.payments = "select count(*) from hostflow.lifecycle_event"
                + (payments == Payments.NEVER_TRIED ? " where attempts = 0" : "");
    }

    /** What runs or waits to run at {@code now}, and the earliest timer after it. */
    public Look look(Instant now) {
        return snapshots.execute(status -> {
            Timestamp at = Timestamp.from(now);
            int dueJobs = count("select count(*) from act_ru_job where retries_ > 0 and suspension_state_ = 1"
                    + " and (duedate_ is null or duedate_ <= ?)", at);
            int moduleCalls = count("select count(*) from act_ru_ext_task where (retries_ is null or retries_ > 0)"
                    + " and suspension_state_ = 1 and (lock_exp_time_ is null or lock_exp_time_ <= ?"
                    + " or error_msg_ is null)", at);
            int leases = leasesHeld();
            int undelivered = count(payments);
            Timestamp nextJob = jdbc.queryForObject("select min(duedate_) from act_ru_job where retries_ > 0"
                    + " and suspension_state_ = 1 and duedate_ > ?", Timestamp.class, at);
            Timestamp nextTask = jdbc.queryForObject("select min(lock_exp_time_) from act_ru_ext_task"
                    + " where (retries_ is null or retries_ > 0) and suspension_state_ = 1 and lock_exp_time_ > ?"
                    + " and error_msg_ is not null", Timestamp.class, at);
            return new Look(List.of(dueJobs, moduleCalls, leases, undelivered), earliest(nextJob, nextTask));
        });
    }

    /** Module calls a worker is making now (the leases of {@code ExternalTaskLeases}). */
    public int leasesHeld() {
        return count("select count(*) from hostflow.module_queue_entry e join hostflow.module_queue q"
                + " on q.id = e.queue_id where q.module_id = 0 and q.queue_value = 'external-task'"
                + " and e.lease_until > clock_timestamp()");
    }

    /** Payment events not yet delivered to the processes, tried or not. */
    public int undeliveredPayments() {
        return count("select count(*) from hostflow.lifecycle_event");
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
    public record Look(List<Integer> counts, Instant earliestTimer) {

        public boolean idle() {
            return counts.stream().mapToInt(Integer::intValue).sum() == 0;
        }

        @Override
        public String toString() {
            return "due jobs, module calls, leases, payments " + counts + ", next timer " + earliestTimer;
        }
    }
}
