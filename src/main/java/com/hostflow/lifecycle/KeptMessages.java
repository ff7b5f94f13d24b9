package com.hostflow.lifecycle;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.common.FailuresReportedByCaller;

/**
 * Messages that a process instance suspended by an admin (in Cockpit) did not hear: the engine skips a suspended
 * instance and has no event for its activation. {@link LifecycleEvents} keeps such a message here, in the transaction
 * that sent it, for each instance that waited for it but was suspended; it is told to that instance again once the
 * instance is active: right after an activation through the engine REST (Cockpit's way, {@link KeptMessagesOnActivation})
 * and every minute (an activation by the Java API or a batch). A kept message the instance no longer waits for (it
 * ended, or moved on by a timer or by hand) is dropped. One whose delivery fails backs off (a minute, doubling to an
 * hour) and warns on its first failure, then once an hour at most.
 */
@Component
public class KeptMessages {

    private static final Logger log = LoggerFactory.getLogger(KeptMessages.class);
    private static final String KEPT = "hostflow.kept_message";
    private static final Duration MAX_BACK_OFF = Duration.ofHours(1);
    /** how often a row that keeps failing warns at most */
    private static final Duration WARN_EVERY = Duration.ofHours(1);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final RuntimeService runtime;
    private final Clock clock;

    KeptMessages(JdbcTemplate jdbc, PlatformTransactionManager transactions, RuntimeService runtime, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
        this.runtime = runtime;
    }

    /** In the sender's transaction: {@code message} is told to the instance again once it is active. */
    void keep(String processInstanceId, String message) {
        jdbc.update("insert into " + KEPT + " (process_instance_id, message) values (?, ?) on conflict do nothing",
                processInstanceId, message);
        ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceId(processInstanceId)
                .singleResult();
        log.info("{} kept for process instance {} ({}): it is suspended and hears it once activated", message,
                processInstanceId, instance == null ? "ended" : instance.getProcessDefinitionId());
    }

    /**
     * Tells every kept message whose instance is active again, each in a transaction of its own; one whose delivery
     * failed only once it is due again.
     */
    @Scheduled(fixedDelayString = "${hostflow.lifecycle.kept-message-sweep:PT1M}")
    public void tellAgain() {
        tellAgain("where next_try_at is null or next_try_at <= ?", Timestamp.from(clock.instant()));
    }

    /**
     * After an admin's activation: every kept message, those backing off too (the admin may just have mended what
     * made their delivery fail, and expects the instance to hear them now, not within the hour).
     */
    public void tellAgainNow() {
        tellAgain("");
    }

    private void tellAgain(String where, Object... arguments) {
        List<Kept> kept = jdbc.query("select process_instance_id, message, attempts, warned_at from " + KEPT + " "
                + where + " order by kept_at limit 1000", (row, n) -> new Kept(row.getString(1), row.getString(2),
                        row.getInt(3), instant(row.getTimestamp(4))), arguments);
        kept.forEach(this::tellAgain);
    }

    private void tellAgain(Kept kept) {
        try {
            FailuresReportedByCaller.run(() -> transaction.execute(status -> {
                if (jdbc.queryForList("select 1 from " + KEPT + " where process_instance_id = ? and message = ?"
                        + " for update skip locked", kept.processInstanceId(), kept.message()).isEmpty()) {
                    return null;
                }
                boolean stillSuspended = runtime.createExecutionQuery().processInstanceId(kept.processInstanceId())
                        .messageEventSubscriptionName(kept.message()).suspended().count() > 0;
                if (stillSuspended) {
                    return null;
                }
                int heard = runtime.createMessageCorrelation(kept.message())
                        .processInstanceId(kept.processInstanceId()).correlateAllWithResult().size();
                jdbc.update("delete from " + KEPT + " where process_instance_id = ? and message = ?",
                        kept.processInstanceId(), kept.message());
                log.info("{} kept for process instance {} told again: {}", kept.message(),
                        kept.processInstanceId(), heard > 0 ? "heard" : "it no longer waits for it, dropped");
                return null;
            }));
        } catch (RuntimeException e) {
            failed(kept, e);
        }
    }

    /**
     * Kept for a later round (a concurrent change, a step of the instance failing): due again after
     * {@link #backOff}, with a WARN on the first failure and then once an hour at most, INFO between. The WARN carries
     * the stack trace: the engine's own ERROR for the failed command is left out ({@link FailuresReportedByCaller}).
     */
    private void failed(Kept kept, RuntimeException e) {
        Instant now = clock.instant();
        int attempts = kept.attempts() + 1;
        Instant next = now.plus(backOff(attempts));
        boolean warn = kept.warnedAt() == null || !kept.warnedAt().plus(WARN_EVERY).isAfter(now);
        String failure = String.valueOf(e.getMessage());
        // only if no other node counted this failure meanwhile
        jdbc.update("update " + KEPT + " set attempts = ?, next_try_at = ?, warned_at = ?, last_failure = ? where"
                + " process_instance_id = ? and message = ? and attempts = ?", attempts, Timestamp.from(next),
                warn ? Timestamp.from(now) : timestamp(kept.warnedAt()),
                failure.length() > 300 ? failure.substring(0, 299) + "…" : failure, kept.processInstanceId(),
                kept.message(), kept.attempts());
        String line = "{} kept for process instance {} not told again (attempt {}), tried again at {}: {}";
        if (warn) {
            log.warn(line, kept.message(), kept.processInstanceId(), attempts, next, failure, e);
        } else {
            log.info(line, kept.message(), kept.processInstanceId(), attempts, next, failure);
        }
    }

    /** A minute after the first failure, doubling with each one after it, an hour at most. */
    static Duration backOff(int attempts) {
        Duration doubled = Duration.ofMinutes(1L << Math.min(attempts - 1, 6));
        return doubled.compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : doubled;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private record Kept(String processInstanceId, String message, int attempts, Instant warnedAt) {
    }
}
