package com.hostflow.modules;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.catalog.ProcessingModuleConfig;

/**
 * "Run operations in queue": at most {@code queues} operations of one module with the same queue-key value run at
 * once, the others wait in arrival order — those that asked to wait behind others (a drift sync's read) after every
 * other waiting operation, so a round of syncs never holds a client's order. Nothing blocks and nothing polls: {@link #tryAcquire} answers at once whether
 * the operation may run now; an operation that must wait names the process instance that waits, and
 * {@link #release} hands the freed turn to the next waiting operation and answers whom to wake.
 * <p>
 * The queue-key value is the module setting named by {@code queueKey}: {@code cluster} → the module's cluster,
 * {@code datacenter} → its data center; anything else (or none) → one queue for the whole module.
 * <p>
 * Every method runs in the caller's transaction (a short engine transaction; never one that spans a module call) and
 * locks the queue's row, so callers on any number of nodes see each other's turns. Leases are the safety net for an
 * operation that vanished without releasing (a process instance deleted without its listeners): a running turn lasts
 * {@code runningLease} from its last acquire or renewal, a waiting place {@code waitingLease} from its last try.
 * Leases are judged by the database's own clock ({@code clock_timestamp()}), as {@code ExternalTaskLeases} are: the
 * demo's clock moved a month on expired every running turn, and a queue of 2 ran 4 operations at once at VMmanager
 * (a node whose clock runs ahead would do the same to the other nodes' turns).
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class ModuleQueueSlots {

    private static final Logger log = LoggerFactory.getLogger(ModuleQueueSlots.class);
    static final String WHOLE_MODULE = "*";
    static final String LANE = "service";
    // plain JDBC does not see Hibernate's default_schema, and the connection's search path does not name it
    private static final String QUEUE = "hostflow.module_queue";
    private static final String ENTRY = "hostflow.module_queue_entry";
    private static final String DB_NOW = "clock_timestamp()";
    /** a lease's end: the database's clock plus the milliseconds given as the parameter */
    private static final String LEASE_END = DB_NOW + " + ? * interval '1 millisecond'";
    /** the waiting places before one given as (behind others, id): the line's order, the turns' order */
    private static final String AHEAD_OF = "(behind_others, id) < (?, ?)";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ModuleQueueProperties properties;

    public ModuleQueueSlots(JdbcTemplate jdbc, Clock clock, ModuleQueueProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Whether the operation may run now.
     *
     * @param ahead how many operations wait before this one (0 when acquired; far in line, at least this many)
     */
    public record Turn(boolean acquired, int ahead) {

        static final Turn NOW = new Turn(true, 0);
    }

    /**
     * Takes a turn for the operation or keeps its place in the line. Idempotent: an operation that holds a turn gets
     * it again (its lease renewed).
     *
     * @param waiter the process instance to wake with {@link #release} when the turn comes
     * @param behindOthers whether the operation lets every other waiting operation go first
     */
    public Turn tryAcquire(ProcessingModuleConfig module, String operationKey, String waiter, boolean behindOthers) {
        if (module.queue() == null || !module.queue().runInQueue()) {
            return Turn.NOW;
        }
        int limit = Math.max(1, module.queue().queues());
        Turn farInLine = keepPlaceFarInLine(module.id(), queueValue(module), operationKey, waiter, limit);
        if (farInLine != null) {
            return farInLine;
        }
        long queueId = lockQueue(module.id(), queueValue(module), limit);
        Turn turn = decide(queueId, operationKey, waiter, limit, behindOthers);
        log.debug("queue turn of {} on module {}: {}", operationKey, module.id(), turn);
        return turn;
    }

    /**
     * A service's lane: a queue of one slot that the lifecycle processes changing the service take in turn. It lives
     * beside the modules' queues ({@code module_id} is the service id, the queue value {@value #LANE}, which no
     * module queue uses).
     */
    public Turn tryAcquireLane(long serviceId, String key, String waiter, Predicate<String> running) {
        long queueId = lockQueue(serviceId, LANE, 1);
        keepLiveHolders(queueId, running);
        return decide(queueId, key, waiter, 1, false);
    }

    /**
     * A lane is held as long as the process instance holding it runs, however long that takes (a resume waiting hours
     * for its module, a clock moved by days): its lease is renewed here instead of running out, so a second process
     * never changes the service halfway through the first one's change. Only the lease of a process instance that is
     * gone runs out (one cancelled without its end listeners).
     */
    private void keepLiveHolders(long queueId, Predicate<String> running) {
        List<Entry> expired = jdbc.query("select id, running, process_instance_id from " + ENTRY
                + " where queue_id = ? and lease_until < " + DB_NOW,
                (row, n) -> new Entry(row.getLong("id"), row.getBoolean("running"),
                        row.getString("process_instance_id")),
                queueId);
        for (Entry entry : expired) {
            if (entry.waiter() != null && running.test(entry.waiter())) {
                extend(entry.id(), entry.running() ? properties.runningLease() : properties.waitingLease());
            }
        }
    }

    /** The process instances in a service's lane: the one holding it first, then those waiting, in their order. */
    public List<String> lane(long serviceId) {
        return jdbc.queryForList("select e.process_instance_id from " + ENTRY + " e join " + QUEUE
                + " q on q.id = e.queue_id where q.module_id = ? and q.queue_value = ? and e.process_instance_id"
                + " is not null order by e.running desc, e.id", String.class, serviceId, LANE);
    }

    /** Extends the lease of a running operation's turn, for operations that run longer than the running lease. */
    public void renew(String operationKey) {
        jdbc.update("update " + ENTRY + " set lease_until = " + LEASE_END
                + " where operation_key = ? and running = true", properties.runningLease().toMillis(), operationKey);
    }

    /**
     * Gives back whatever the operation holds or waits for (harmless when it holds nothing) and hands the freed turns
     * to the next waiting operations; answers their waiting process instances, to be woken in this transaction.
     */
    public List<String> release(String operationKey) {
        List<Long> queues = jdbc.queryForList("select queue_id from " + ENTRY + " where operation_key = ?"
                + " order by queue_id", Long.class, operationKey);
        List<String> woken = new ArrayList<>();
        for (long queueId : queues) {
            int limit = jdbc.queryForObject("select queue_limit from " + QUEUE + " where id = ? for update",
                    Integer.class, queueId);
            jdbc.update("delete from " + ENTRY + " where queue_id = ? and operation_key = ?", queueId, operationKey);
            woken.addAll(grantFreeTurns(queueId, limit));
        }
        return woken;
    }

    /**
     * The module's queue settings changed: each of its queues takes the new number of slots now, instead of at its
     * next operation's try, and hands the turns that freed to the operations waiting longest (every one of them when
     * the module no longer runs operations in queue); answers their process instances, to be woken in this
     * transaction. Fewer slots take nothing from the operations running: they finish, and no new one starts until
     * fewer than the new number run.
     */
    public List<String> settingsChanged(ProcessingModuleConfig module) {
        boolean queued = module.queue() != null && module.queue().runInQueue();
        int limit = queued ? Math.max(1, module.queue().queues()) : Integer.MAX_VALUE;
        List<String> woken = new ArrayList<>();
        // in id order, as release takes them: two transactions never lock two queues the other way round
        for (long queueId : jdbc.queryForList("select id from " + QUEUE + " where module_id = ? and queue_value <> ?"
                + " order by id for update", Long.class, module.id(), LANE)) {
            if (queued) {
                jdbc.update("update " + QUEUE + " set queue_limit = ? where id = ? and queue_limit <> ?", limit,
                        queueId, limit);
            }
            woken.addAll(grantFreeTurns(queueId, limit));
        }
        return woken;
    }

    /** Whether {@link #queueValue} knows the queue key (none, blank, cluster or data center, in any case). */
    public static boolean knownQueueKey(String queueKey) {
        String key = queueKey == null ? "" : queueKey.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "", "cluster", "datacenter", "data_center", "datacenterid" -> true;
            default -> false;
        };
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

    /**
     * A waiting operation with at least {@code limit} live places ahead of it cannot get a turn before they do, so
     * its re-check only renews its own place and leaves the queue's row alone: the head of the line takes the lock
     * (and clears expired places) when it tries. Without this, 10,000 waiting operations re-checking every few
     * minutes all queued on the one row lock. Null when the operation holds a turn, has no place yet, or is near the
     * head: then it goes the locked way.
     */
    private Turn keepPlaceFarInLine(long moduleId, String queueValue, String operationKey, String waiter,
            int limit) {
        List<Place> mine = jdbc.query("select e.id, e.queue_id, e.running, e.behind_others from " + ENTRY
                + " e join " + QUEUE + " q on q.id = e.queue_id where q.module_id = ? and q.queue_value = ?"
                + " and e.operation_key = ?",
                (row, n) -> new Place(row.getLong("id"), row.getLong("queue_id"), row.getBoolean("running"),
                        row.getBoolean("behind_others")),
                moduleId, queueValue, operationKey);
        if (mine.isEmpty() || mine.get(0).running()) {
            return null;
        }
        Place place = mine.get(0);
        int ahead = count("select count(*) from (select 1 from " + ENTRY + " where queue_id = ? and running = false"
                + " and " + AHEAD_OF + " and lease_until >= " + DB_NOW + " limit ?) places", place.queueId(),
                place.behindOthers(), place.id(), limit);
        if (ahead < limit) {
            return null;
        }
        int kept = jdbc.update("update " + ENTRY + " set lease_until = " + LEASE_END + ", process_instance_id = ?"
                + " where id = ? and running = false", properties.waitingLease().toMillis(), waiter, place.id());
        return kept == 1 ? new Turn(false, ahead) : null;
    }

    private Turn decide(long queueId, String operationKey, String waiter, int limit, boolean behindOthers) {
        int expired = jdbc.update("delete from " + ENTRY + " where queue_id = ? and lease_until < " + DB_NOW,
                queueId);
        if (expired > 0) {
            log.warn("queue {}: the places of {} vanished operations expired", queueId, expired);
        }
        List<Entry> mine = jdbc.query(
                "select id, running from " + ENTRY + " where queue_id = ? and operation_key = ?",
                (row, n) -> new Entry(row.getLong("id"), row.getBoolean("running")), queueId, operationKey);
        if (!mine.isEmpty() && mine.get(0).running()) {
            extend(mine.get(0).id(), properties.runningLease());
            return Turn.NOW;
        }
        long entryId;
        if (mine.isEmpty()) {
            entryId = jdbc.queryForObject("insert into " + ENTRY + " (queue_id, operation_key, process_instance_id,"
                    + " running, behind_others, enqueued_at, lease_until) values (?, ?, ?, false, ?, ?, " + LEASE_END
                    + ") returning id", Long.class, queueId, operationKey, waiter, behindOthers,
                    Timestamp.from(clock.instant()), properties.waitingLease().toMillis());
        } else {
            entryId = mine.get(0).id();
            jdbc.update("update " + ENTRY + " set lease_until = " + LEASE_END + ", process_instance_id = ?"
                    + " where id = ?", properties.waitingLease().toMillis(), waiter, entryId);
        }
        int running = count("select count(*) from " + ENTRY + " where queue_id = ? and running = true", queueId);
        int ahead = count("select count(*) from " + ENTRY + " where queue_id = ? and running = false and " + AHEAD_OF,
                queueId, behindOthers, entryId);
        if (ahead < limit - running) {
            markRunning(entryId);
            return Turn.NOW;
        }
        return new Turn(false, ahead);
    }

    /**
     * Marks the longest-waiting operations running while turns are free, those waiting behind others last; answers
     * their process instances.
     */
    private List<String> grantFreeTurns(long queueId, int limit) {
        int free = limit - count("select count(*) from " + ENTRY + " where queue_id = ? and running = true", queueId);
        if (free <= 0) {
            return List.of();
        }
        List<Entry> next = jdbc.query("select id, process_instance_id from " + ENTRY
                + " where queue_id = ? and running = false order by behind_others, id limit ?",
                (row, n) -> new Entry(row.getLong("id"), false, row.getString("process_instance_id")), queueId, free);
        List<String> woken = new ArrayList<>();
        for (Entry entry : next) {
            markRunning(entry.id());
            if (entry.waiter() != null) {
                woken.add(entry.waiter());
            }
        }
        return woken;
    }

    private void markRunning(long entryId) {
        jdbc.update("update " + ENTRY + " set running = true, lease_until = " + LEASE_END + " where id = ?",
                properties.runningLease().toMillis(), entryId);
    }

    private void extend(long entryId, Duration lease) {
        jdbc.update("update " + ENTRY + " set lease_until = " + LEASE_END + " where id = ?", lease.toMillis(), entryId);
    }

    private int count(String sql, Object... args) {
        Integer count = jdbc.queryForObject(sql, Integer.class, args);
        return count == null ? 0 : count;
    }

    /**
     * The queue's row, created on first use (a concurrent creator on another node wins harmlessly), locked for the
     * rest of the transaction and carrying the module's current limit for {@link #release}.
     */
    private long lockQueue(long moduleId, String queueValue, int limit) {
        jdbc.update("insert into " + QUEUE + " (module_id, queue_value, queue_limit) values (?, ?, ?)"
                + " on conflict (module_id, queue_value) do nothing", moduleId, queueValue, limit);
        long queueId = jdbc.queryForObject("select id from " + QUEUE + " where module_id = ? and queue_value = ?"
                + " for update", Long.class, moduleId, queueValue);
        jdbc.update("update " + QUEUE + " set queue_limit = ? where id = ? and queue_limit <> ?", limit, queueId,
                limit);
        return queueId;
    }

    private record Place(long id, long queueId, boolean running, boolean behindOthers) {
    }

    private record Entry(long id, boolean running, String waiter) {

        Entry(long id, boolean running) {
            this(id, running, null);
        }
    }
}
