package com.hostflow.lifecycle;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.billing.BalanceCredited;
import com.hostflow.billing.PaymentReceived;
import com.hostflow.common.FailuresReportedByCaller;
import com.hostflow.common.time.ClockMovedBack;

import jakarta.annotation.PreDestroy;

/**
 * Carries a payment (or money credited back, {@link BalanceCredited}) to the processes that wait for money, with
 * nothing lost on a crash: the payment's own transaction writes a {@code lifecycle_event} row; right after its commit
 * the row becomes one row per live service of the client, and each of those is delivered (Msg_PaymentReceived) and
 * deleted in a transaction of its own; a row left by a crash or a failed delivery is delivered by the sweeper on any
 * node. A process that starts waiting for money checks the balance under the account's lock in the same transaction
 * that starts the wait, so a payment is either seen by that check or delivered to the wait. A waiting process an
 * admin suspended in Cockpit hears no message: the payment is kept for it ({@link KeptMessages}, in the transaction
 * that delivers the row) and told to it once it is activated; the row goes as for the others.
 */
@Component
class PaymentEvents {

    private static final Logger log = LoggerFactory.getLogger(PaymentEvents.class);
    private static final String EVENTS = "hostflow.lifecycle_event";
    private static final String PAYMENT = "PAYMENT";
    /** a row younger than this is left to the delivery right after its commit */
    private static final Duration SWEEP_AFTER = Duration.ofSeconds(2);
    /** how long a failed delivery waits for its next attempt, doubled after each failure up to the most */
    private static final Duration RETRY_FIRST = Duration.ofSeconds(5);
    private static final Duration RETRY_MOST = Duration.ofHours(1);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final LifecycleEvents events;
    private final Clock clock;
    private final ExecutorService delivery = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "payment-events");
        thread.setDaemon(true);
        return thread;
    });

    PaymentEvents(JdbcTemplate jdbc, PlatformTransactionManager transactions, LifecycleEvents events, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.events = events;
        this.clock = clock;
    }

    /** In the payment's transaction: the event is recorded with the money. */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void record(PaymentReceived payment) {
        record(payment.clientId());
    }

    /**
     * Money credited back (a refund, a prorated credit) is money for the processes too: a service suspended for
     * BILLING before the credit would otherwise stay suspended while its balance pays the next period.
     */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void record(BalanceCredited credit) {
        record(credit.clientId());
    }

    private void record(long clientId) {
        jdbc.update("insert into " + EVENTS + " (kind, client_id, created_at) values (?, ?, ?)", PAYMENT,
                clientId, Timestamp.from(clock.instant()));
    }

    /**
     * After the payment's commit: delivered at once, on a thread of its own (the committed transaction's resources
     * are still bound to the request's thread, and the client need not wait for the processes).
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void deliverNow(PaymentReceived payment) {
        deliverNow(payment.clientId());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void deliverNow(BalanceCredited credit) {
        deliverNow(credit.clientId());
    }

    private void deliverNow(long clientId) {
        delivery.execute(() -> jdbc.queryForList("select id from " + EVENTS + " where kind = ? and client_id = ?"
                + " order by id", Long.class, PAYMENT, clientId).forEach(this::deliver));
    }

    @PreDestroy
    void stop() {
        delivery.shutdown();
    }

    /** What a crash or a failed delivery left behind; a row that failed waits for its next attempt. */
    @Scheduled(fixedDelayString = "${hostflow.lifecycle.event-sweep:PT5S}")
    void sweep() {
        Instant now = clock.instant();
        List<Long> pending = jdbc.queryForList("select id from " + EVENTS + " where created_at < ? and"
                + " (next_attempt_at is null or next_attempt_at <= ?) order by id limit 100", Long.class,
                Timestamp.from(now.minus(SWEEP_AFTER)), Timestamp.from(now));
        pending.forEach(this::deliver);
    }

    /**
     * The demo's clock put back: a row written or failed while it was ahead carries the moved clock's times, and the
     * sweeper would leave it until the clock caught up again (a BILLING suspension not lifted for a year after a year
     * ahead and back). Every such row is due at the new time.
     */
    @EventListener
    void clockMovedBack(ClockMovedBack moved) {
        Timestamp now = Timestamp.from(moved.now());
        Timestamp sweepable = Timestamp.from(moved.now().minus(SWEEP_AFTER));
        int due = jdbc.update("update " + EVENTS + " set created_at = least(created_at, ?),"
                + " next_attempt_at = least(next_attempt_at, ?) where created_at > ? or next_attempt_at > ?",
                sweepable, now, sweepable, now);
        if (due > 0) {
            log.info("clock put back to {}: {} payment events left behind due at it", moved.now(), due);
        }
    }

    /**
     * Delivers one event in a transaction of its own. A client's payment (no service) is fanned out into one row per
     * live service of the client, which are then delivered one by one, each in its own transaction: a service whose
     * process fails to hear it keeps its row for the sweeper and holds back none of the others.
     */
    private void deliver(long eventId) {
        List<Long> fannedOut;
        try {
            fannedOut = FailuresReportedByCaller.run(() -> transaction.execute(status -> {
                List<Long> services = jdbc.query("select service_id from " + EVENTS + " where id = ?"
                        + " for update skip locked", (row, n) -> row.getObject(1, Long.class), eventId);
                if (services.isEmpty()) {
                    return List.of();
                }
                Long serviceId = services.get(0);
                List<Long> perService = List.of();
                if (serviceId != null) {
                    events.paymentReceived(serviceId);
                } else {
                    // the fanned-out rows keep the payment's time, so the sweeper takes up one left behind as soon
                    perService = jdbc.queryForList("insert into " + EVENTS + " (kind, client_id, service_id,"
                            + " created_at) select e.kind, e.client_id, s.id, e.created_at from " + EVENTS + " e join"
                            + " hostflow.service s on s.client_id = e.client_id where e.id = ? and s.status in"
                            + " ('ORDERED', 'PROCESSING', 'ACTIVE', 'SUSPENDED') order by s.id returning id",
                            Long.class, eventId);
                }
                jdbc.update("delete from " + EVENTS + " where id = ?", eventId);
                return perService;
            }));
        } catch (RuntimeException e) {
            failed(eventId, e);
            return;
        }
        fannedOut.forEach(this::deliver);
    }

    /**
     * A delivery that failed is tried again by the sweeper after 5 s, 10 s, 20 s, ... at most an hour apart: a process
     * that cannot hear the payment (a broken delegate, a variable set by hand) is not retried every sweep for good.
     */
    void failed(long eventId, RuntimeException failure) {
        try {
            Integer attempts = transaction.execute(status -> {
                List<Integer> before = jdbc.queryForList("select attempts from " + EVENTS + " where id = ?"
                        + " for update skip locked", Integer.class, eventId);
                if (before.isEmpty()) {
                    return null;
                }
                int attempt = before.get(0) + 1;
                Duration wait = RETRY_FIRST.multipliedBy(1L << Math.min(attempt - 1, 20));
                jdbc.update("update " + EVENTS + " set attempts = ?, next_attempt_at = ? where id = ?", attempt,
                        Timestamp.from(clock.instant().plus(wait.compareTo(RETRY_MOST) > 0 ? RETRY_MOST : wait)),
                        eventId);
                return attempt;
            });
            if (ConcurrentChanges.isConcurrentChange(failure)) {
                // a payment of the same client delivered at the same moment: normal under load, and tried again
                log.info("payment event {} met a concurrent change (attempt {}), the sweeper tries again later: {}",
                        eventId, attempts, failure.getMessage());
            } else {
                log.warn("payment event {} not delivered (attempt {}), the sweeper tries again later: {}", eventId,
                        attempts, failure.getMessage(), failure);
            }
        } catch (RuntimeException e) {
            log.warn("payment event {} not delivered, the sweeper tries again: {}", eventId, failure.getMessage());
        }
    }
}
