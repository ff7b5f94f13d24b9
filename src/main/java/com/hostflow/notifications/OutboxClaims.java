package com.hostflow.notifications;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.lifecycle.LifecycleEvents;

/**
 * The sender's side of the outbox, each step its own short transaction and never one open while a mail goes out:
 * {@link #claim} takes due rows ({@code FOR UPDATE SKIP LOCKED}, so nodes never take the same row), oldest first and
 * none ahead of an older one to the same client that still waits, under a lease with a fresh claim token; the marks
 * change a row only while it still carries that token, so a sender whose lease ran out (and whose row another node
 * took) changes nothing. The lease is judged by the database's own clock, which the demo's clock moves do not touch
 * (a move a month on while a batch went out made its rows look abandoned, and the next claim would send them again).
 */
@Component
class OutboxClaims {

    /** What the mail says, written once. */
    static final String TABLE = "hostflow.notification";
    /** How its delivery goes: the claims and marks change only this narrow row. */
    static final String DELIVERY = "hostflow.notification_delivery";
    private static final String CLIENTS = "hostflow.client";
    /** The last error of a mail whose template did not render ({@code NotificationSender} writes the class first). */
    private static final String UNRENDERABLE = MailTemplates.TemplateProblem.class.getSimpleName() + ":%";
    private static final int MAX_ERROR = 2000;
    private static final int MAX_ERROR_IN_TASK = 500;

    private static final Logger log = LoggerFactory.getLogger(OutboxClaims.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final LifecycleEvents events;
    private final NotificationSettings settings;
    private final Clock clock;

    OutboxClaims(JdbcTemplate jdbc, PlatformTransactionManager transactions, LifecycleEvents events,
            NotificationSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    /** A row this sender holds: what it needs to render and send, and the token its marks must show. */
    record Claimed(long id, String claimToken, int attempts, String event, String recipient, String recipientName,
            String language, Long providerId, Long clientId, String modelJson, String messageId) {
    }

    /** Takes up to {@code limit} due rows (waiting, or held by a sender whose lease ran out). */
    List<Claimed> claim(String node, int limit) {
        return transaction.execute(status -> {
            Instant now = clock.instant();
            // oldest first, and never past an older mail to the same client that waits for its next attempt (or is
            // being sent): each failed attempt waits longer than the one before, so after an SMTP outage the older of
            // two mails came due later and the client read "resumed" before "suspended". A mail whose template does
            // not render holds nothing up: it would for an hour of attempts, and it is not delivery that fails
            // the clients with a mail that waits are few (those in back-off or being sent), so they are found first
            // by the due index, not by looking behind every due mail (a client with thousands of mails queued)
            List<Long> ids = jdbc.queryForList("with waiting as (select o.client_id, min(o.id) as first_id from "
                    + DELIVERY + " od join " + TABLE + " o on o.id = od.notification_id"
                    + " where ((od.status = 'PENDING' and od.next_attempt_at > ?)"
                    + " or (od.status = 'SENDING' and od.lease_until >= clock_timestamp()))"
                    + " and o.client_id is not null and coalesce(od.last_error, '') not like ? group by o.client_id)"
                    + " select d.notification_id from " + DELIVERY + " d join " + TABLE
                    + " n on n.id = d.notification_id"
                    + " where ((d.status = 'PENDING' and d.next_attempt_at <= ?)"
                    + " or (d.status = 'SENDING' and d.lease_until < clock_timestamp()))"
                    + " and not exists (select 1 from waiting w where w.client_id = n.client_id and w.first_id < n.id)"
                    + " order by d.notification_id limit ? for update of d skip locked", Long.class,
                    Timestamp.from(now), UNRENDERABLE, Timestamp.from(now), limit);
            if (ids.isEmpty()) {
                return List.of();
            }
            String in = String.join(",", ids.stream().map(String::valueOf).toList());
            List<Long> sendable = addressedAsTheClientIsNow(ids, in);
            if (sendable.isEmpty()) {
                return List.of();
            }
            in = String.join(",", sendable.stream().map(String::valueOf).toList());
            String token = UUID.randomUUID().toString();
            jdbc.update("update " + DELIVERY + " set status = 'SENDING', attempts = attempts + 1, claimed_by = ?,"
                    + " claim_token = ?, lease_until = clock_timestamp() + ? * interval '1 millisecond'"
                    + " where notification_id in (" + in + ")", node, token, settings.lease().toMillis());
            return jdbc.query("select id, claim_token, attempts, event, recipient, recipient_name, language,"
                    + " provider_id, client_id, model_json, message_id from " + TABLE + " join " + DELIVERY
                    + " on notification_id = id where id in (" + in + ") order by id",
                    (row, n) -> new Claimed(row.getLong("id"), row.getString("claim_token"), row.getInt("attempts"),
                            row.getString("event"), row.getString("recipient"), row.getString("recipient_name"),
                            row.getString("language"), (Long) row.getObject("provider_id", Long.class),
                            (Long) row.getObject("client_id", Long.class), row.getString("model_json"),
                            row.getString("message_id")));
        });
    }

    /**
     * A mail goes to whom its client is when it is sent: a row may wait in the outbox for hours (an SMTP outage, its
     * backoff), and a client who changed its address meanwhile got it at the address it had left, in the language it
     * had left. The message row is written again only for a client that changed. A client who has no address now
     * gets none: its row is SKIPPED, as one queued for a client without an address is. Answers the rows to send.
     */
    private List<Long> addressedAsTheClientIsNow(List<Long> ids, String in) {
        String email = "nullif(btrim(c.email), '')";
        jdbc.update("update " + TABLE + " n set recipient = " + email + ", recipient_name = c.name,"
                + " language = c.language from " + CLIENTS + " c where n.id in (" + in + ") and c.id = n.client_id"
                + " and (n.recipient is distinct from " + email + " or n.recipient_name is distinct from c.name"
                + " or n.language is distinct from c.language)");
        List<Long> unaddressed = jdbc.queryForList("select id from " + TABLE + " where id in (" + in + ")"
                + " and client_id is not null and recipient is null", Long.class);
        if (unaddressed.isEmpty()) {
            return ids;
        }
        jdbc.update("update " + DELIVERY + " set status = 'SKIPPED', last_error = ?, claim_token = null,"
                + " lease_until = null where notification_id in ("
                + String.join(",", unaddressed.stream().map(String::valueOf).toList()) + ")",
                Notifications.NO_ADDRESS);
        log.info("notifications {}: the client has no e-mail address any more, skipped", unaddressed);
        return ids.stream().filter(id -> !unaddressed.contains(id)).toList();
    }

    /** The mail went out. False when the row was no longer ours (taken over after the lease). */
    boolean markSent(Claimed row, String subject) {
        boolean ours = update("update " + DELIVERY + " set status = 'SENT', sent_at = ?, subject = ?,"
                + " last_error = null, claim_token = null, lease_until = null"
                + " where notification_id = ? and claim_token = ?",
                Timestamp.from(clock.instant()), truncate(subject, 500), row.id(), row.claimToken());
        if (!ours) {
            log.warn("notification {} was sent, but another sender had taken it over after the lease ran out: the"
                    + " client may get it twice (with the same Message-ID {})", row.id(), row.messageId());
        }
        return ours;
    }

    /** The attempt failed and there are attempts left: the row waits for its next try. */
    boolean markRetry(Claimed row, String subject, String error, Instant nextAttemptAt) {
        return update("update " + DELIVERY + " set status = 'PENDING', next_attempt_at = ?, last_error = ?,"
                + " subject = coalesce(?, subject), claim_token = null, lease_until = null"
                + " where notification_id = ? and claim_token = ?", Timestamp.from(nextAttemptAt),
                truncate(error, MAX_ERROR), truncate(subject, 500), row.id(), row.claimToken());
    }

    /**
     * The last attempt failed: the row is FAILED and, in the same transaction, the department gets its task
     * (NotificationFailedProcess), so a FAILED row never goes unnoticed and never gets two tasks.
     */
    boolean markFailed(Claimed row, String subject, String error, String clientName) {
        Boolean ours = transaction.execute(status -> {
            int changed = jdbc.update("update " + DELIVERY + " set status = 'FAILED', last_error = ?,"
                    + " subject = coalesce(?, subject), claim_token = null, lease_until = null"
                    + " where notification_id = ? and claim_token = ?", truncate(error, MAX_ERROR),
                    truncate(subject, 500), row.id(), row.claimToken());
            if (changed == 0) {
                return false;
            }
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put(NotificationFailedProcess.NOTIFICATION_ID, row.id());
            variables.put(NotificationFailedProcess.DEPARTMENT_KEY, settings.failureDepartment());
            variables.put(NotificationFailedProcess.CLIENT_NAME, clientName == null ? "" : clientName);
            variables.put(NotificationFailedProcess.EVENT, row.event());
            variables.put(NotificationFailedProcess.RECIPIENT, row.recipient() == null ? "" : row.recipient());
            variables.put(NotificationFailedProcess.LAST_ERROR, truncate(error, MAX_ERROR_IN_TASK));
            events.startProcess(NotificationFailedProcess.KEY,
                    NotificationFailedProcess.BUSINESS_KEY_PREFIX + row.id(), variables);
            return true;
        });
        return Boolean.TRUE.equals(ours);
    }

    private boolean update(String sql, Object... args) {
        Integer changed = transaction.execute(status -> jdbc.update(sql, args));
        return changed != null && changed > 0;
    }

    static String truncate(String text, int max) {
        if (text == null) {
            return null;
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
