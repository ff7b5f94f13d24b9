package com.hostflow.modules;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.catalog.ProcessingModuleConfig;

/**
 * "Run operations in queue": at most {@code queues} operations of one module with the same queue-key value run at
 * once, the others wait in arrival order. Nothing blocks: {@link #tryAcquire} answers at once whether the operation may
 * run now, and the BPMN process that got {@link Turn#acquired()} {@code false} waits on a timer and tries again (which
 * also keeps its place). {@link #release} frees the turn when the operation ended, however it ended.
 * <p>
 * The queue-key value is the module setting named by {@code queueKey}: {@code cluster} → the module's cluster,
 * {@code datacenter} → its data center; anything else (or none) → one queue for the whole module.
 * <p>
 * The decision runs in its own short transaction that locks the queue's row, so concurrent callers on any number of
 * nodes see each other's turns.
 */
@Component
public class ModuleQueueSlots {

    private static final Logger log = LoggerFactory.getLogger(ModuleQueueSlots.class);
    static final String WHOLE_MODULE = "*";
    // plain JDBC does not see Hibernate's default_schema, and the connection's search path does not name it
    private static final String QUEUE = "hostflow.module_queue";
    private static final String ENTRY = "hostflow.module_queue_entry";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final ModuleQueueProperties properties;

    public ModuleQueueSlots(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock,
            ModuleQueueProperties properties) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Whether the operation may run now.
     *
     * @param ahead how many operations wait before this one (0 when acquired)
     */
    public record Turn(boolean acquired, int ahead) {

        static final Turn NOW = new Turn(true, 0);
    }

    /**
     * Takes a turn for the operation or keeps its place in the line. Idempotent: an operation that holds a turn gets
     * it again (its lease renewed).
     */
    public Turn tryAcquire(ProcessingModuleConfig module, String operationKey) {
        if (module.queue() == null || !module.queue().runInQueue()) {
            return Turn.NOW;
        }
        int limit = Math.max(1, module.queue().queues());
        long queueId = queueId(module.id(), queueValue(module));
        Turn turn = ownTransaction.execute(status -> decide(queueId, operationKey, limit));
        log.debug("queue turn of {} on module {}: {}", operationKey, module.id(), turn);
        return turn;
    }

    /** Extends the lease of a running operation's turn (for operations that run longer than the running lease). */
    public void renew(ProcessingModuleConfig module, String operationKey) {
        Instant now = clock.instant();
        ownTransaction.executeWithoutResult(status -> jdbc.update(
                "update " + ENTRY + " set lease_until = ? where operation_key = ? and running = true"
                        + " and queue_id in (select id from " + QUEUE + " where module_id = ?)",
                Timestamp.from(now.plus(properties.runningLease())), operationKey, module.id()));
    }

    /** Gives the turn (or the place in line) of the operation back; harmless when it holds none. */
    public void release(long moduleId, String operationKey) {
        ownTransaction.executeWithoutResult(status -> jdbc.update(
                "delete from " + ENTRY + " where operation_key = ?"
                        + " and queue_id in (select id from " + QUEUE + " where module_id = ?)",
                operationKey, moduleId));
    }

    /** Gives back whatever the operation holds or waits for, in any module (operation keys are unique). */
    public void release(String operationKey) {
        ownTransaction.executeWithoutResult(status -> jdbc.update(
                "delete from " + ENTRY + " where operation_key = ?", operationKey));
    }

    /** The value whose operations share the module's queues; see the class comment. */
    public static String queueValue(ProcessingModuleConfig module) {
        String key = module.queue() == null || module.queue().queueKey() == null ? ""
                : module.queue().queueKey().trim().toLowerCase(Locale.ROOT);
        String value = switch (key) {
            case "cluster" -> module.settings() == null ? null : module.settings().cluster();
            case "datacenter", "data_center", "datacenterid" -> module.dataCenterId() == null ? null
                    : String.valueOf(module.dataCenterId());
            default -> null;
        };
        return value == null || value.isBlank() ? WHOLE_MODULE : key + "=" + value.trim();
    }

    private Turn decide(long queueId, String operationKey, int limit) {
        Instant now = clock.instant();
        jdbc.queryForObject("select id from " + QUEUE + " where id = ? for update", Long.class, queueId);
        jdbc.update("delete from " + ENTRY + " where queue_id = ? and lease_until < ?", queueId,
                Timestamp.from(now));
        List<Entry> mine = jdbc.query(
                "select id, running from " + ENTRY + " where queue_id = ? and operation_key = ?",
                (row, n) -> new Entry(row.getLong("id"), row.getBoolean("running")), queueId, operationKey);
        if (!mine.isEmpty() && mine.get(0).running()) {
            extend(mine.get(0).id(), now.plus(properties.runningLease()));
            return Turn.NOW;
        }
        long entryId;
        if (mine.isEmpty()) {
            jdbc.update("insert into " + ENTRY + " (queue_id, operation_key, running, enqueued_at, lease_until)"
                    + " values (?, ?, false, ?, ?)", queueId, operationKey, Timestamp.from(now),
                    Timestamp.from(now.plus(properties.waitingLease())));
            entryId = jdbc.queryForObject(
                    "select id from " + ENTRY + " where queue_id = ? and operation_key = ?", Long.class,
                    queueId, operationKey);
        } else {
            entryId = mine.get(0).id();
            extend(entryId, now.plus(properties.waitingLease()));
        }
        int running = count("select count(*) from " + ENTRY + " where queue_id = ? and running = true",
                queueId);
        int ahead = count("select count(*) from " + ENTRY + " where queue_id = ? and running = false and id < ?",
                queueId, entryId);
        if (ahead < limit - running) {
            jdbc.update("update " + ENTRY + " set running = true, lease_until = ? where id = ?",
                    Timestamp.from(now.plus(properties.runningLease())), entryId);
            return Turn.NOW;
        }
        return new Turn(false, ahead);
    }

    private void extend(long entryId, Instant until) {
        jdbc.update("update " + ENTRY + " set lease_until = ? where id = ?", Timestamp.from(until), entryId);
    }

    private int count(String sql, Object... args) {
        Integer count = jdbc.queryForObject(sql, Integer.class, args);
        return count == null ? 0 : count;
    }

    /** The queue's row, created on first use; a concurrent creator on another node wins harmlessly. */
    private long queueId(long moduleId, String queueValue) {
        List<Long> existing = findQueue(moduleId, queueValue);
        if (existing.isEmpty()) {
            try {
                ownTransaction.executeWithoutResult(status -> jdbc.update(
                        "insert into " + QUEUE + " (module_id, queue_value) values (?, ?)", moduleId, queueValue));
            } catch (DataIntegrityViolationException e) {
                log.debug("queue {} of module {} was created concurrently", queueValue, moduleId);
            }
            existing = findQueue(moduleId, queueValue);
        }
        return existing.get(0);
    }

    private List<Long> findQueue(long moduleId, String queueValue) {
        return jdbc.queryForList("select id from " + QUEUE + " where module_id = ? and queue_value = ?", Long.class,
                moduleId, queueValue);
    }

    private record Entry(long id, boolean running) {
    }
}
