package com.hostflow.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One worker at a time per external task, whatever the engine's lock says (issue #9, D6). The engine locks a fetched
 * task until its clock passes the lock's expiry; when that clock moves on (the demo's and the tests' clock moves, a
 * clock step on one node) while a worker still calls the module, the task is fetched a second time and a second
 * call would create a second VM. So a worker takes this lease before it calls and gives it back when it is done; a
 * worker that finds the lease taken leaves the task to the one that holds it.
 * <p>
 * The lease's expiry is judged by the database's own clock ({@code clock_timestamp()}), which no clock move touches
 * and every node shares; it lasts as long as the engine's lock, so a worker that died leaves a lease that expires
 * with it. The worker takes a lease in the transaction that fetches and locks the task and gives it back in the one
 * that completes or fails it (short transactions of their own otherwise), never open across the call. Leases live in
 * the module queue tables beside the services' lanes: one queue row ({@code module_id} 0, queue value
 * {@value #QUEUE_VALUE}), one entry per task, its holder in {@code process_instance_id}.
 */
@Component
class ExternalTaskLeases {

    static final String QUEUE_VALUE = "external-task";
    // plain JDBC does not see Hibernate's default_schema
    private static final String QUEUE = "hostflow.module_queue";
    private static final String ENTRY = "hostflow.module_queue_entry";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Duration duration;
    private volatile Long queueId;
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

    ExternalTaskLeases(JdbcTemplate jdbc, PlatformTransactionManager transactions, ExternalTaskWorkerSettings settings) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.duration = settings.lockDuration();
    }

    /** Takes the task's lease; answers the holder token to give it back with, or null when another worker has it. */
    String take(String externalTaskId) {
        long queue = queueId();
        return transaction.execute(status -> takeInTransaction(queue, externalTaskId));
    }

    /** {@link #take} in the caller's transaction: the one that fetches and locks the task, so no commit of its own. */
    String takeInTransaction(String externalTaskId) {
        return takeInTransaction(queueId(), externalTaskId);
    }

    private String takeInTransaction(long queue, String externalTaskId) {
        String holder = UUID.randomUUID().toString();
        List<Long> taken = jdbc.queryForList("insert into " + ENTRY
                + " (queue_id, operation_key, running, enqueued_at, lease_until, process_instance_id)"
                + " values (?, ?, true, clock_timestamp(), clock_timestamp() + make_interval(secs => ?), ?)"
                + " on conflict (queue_id, operation_key) do update set lease_until = excluded.lease_until,"
                + " enqueued_at = excluded.enqueued_at, process_instance_id = excluded.process_instance_id"
                + " where " + ENTRY + ".lease_until < clock_timestamp() returning id", Long.class, queue,
                externalTaskId, (double) duration.toMillis() / 1000, holder);
        return taken.isEmpty() ? null : holder;
    }

    /** Gives the lease back (nothing happens when it expired and another worker holds it now). */
    void giveBack(String externalTaskId, String holder) {
        transaction.executeWithoutResult(status -> giveBackInTransaction(externalTaskId, holder));
        sweepIfDue();
    }

    /** {@link #giveBack} in the caller's transaction: the one that completes the task, so no commit of its own. */
    void giveBackInTransaction(String externalTaskId, String holder) {
        jdbc.update("delete from " + ENTRY + " where queue_id = ? and operation_key = ? and process_instance_id = ?",
                queueId(), externalTaskId, holder);
    }

    /**
     * Removes the leases of workers that died holding them (expired for a whole lease duration, so nobody can still
     * be working under them), at most once per lease duration per node: without it each would stay for good. The
     * worker calls it after every task, also when the lease went back with the task's completion.
     */
    void sweepIfDue() {
        long now = System.nanoTime();
        long last = lastSweep.get();
        if (now - last < duration.toNanos() || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        transaction.executeWithoutResult(status -> jdbc.update("delete from " + ENTRY + " where queue_id = ? and"
                + " lease_until < clock_timestamp() - make_interval(secs => ?)", queueId(),
                (double) duration.toMillis() / 1000));
    }

    private long queueId() {
        Long id = queueId;
        if (id == null) {
            id = transaction.execute(status -> {
                jdbc.update("insert into " + QUEUE + " (module_id, queue_value, queue_limit) values (0, ?, 1)"
                        + " on conflict (module_id, queue_value) do nothing", QUEUE_VALUE);
                return jdbc.queryForObject("select id from " + QUEUE + " where module_id = 0 and queue_value = ?",
                        Long.class, QUEUE_VALUE);
            });
            queueId = id;
        }
        return id;
    }
}
