package com.hostflow.notifications;

import java.sql.Timestamp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.hostflow.common.time.ClockMovedBack;

/**
 * The demo's clock put back: a mail queued while it was ahead is due at that time (its next attempt is when it was
 * queued), so it waited in the outbox until the clock caught up again, a year for a year ahead, and held back every
 * later mail to its client behind it (the outbox sends a client's mails in order). Every waiting mail due after the
 * new time is due at it; one waiting out a failed attempt's back-off is tried at once, one attempt early.
 */
@Component
class OutboxAfterClockMovedBack {

    private static final Logger log = LoggerFactory.getLogger(OutboxAfterClockMovedBack.class);

    private final JdbcTemplate jdbc;

    OutboxAfterClockMovedBack(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void clockMovedBack(ClockMovedBack moved) {
        Timestamp now = Timestamp.from(moved.now());
        int due = jdbc.update("update " + OutboxClaims.DELIVERY + " set next_attempt_at = ? where status = 'PENDING'"
                + " and next_attempt_at > ?", now, now);
        if (due > 0) {
            log.info("clock put back to {}: {} waiting notifications due at it", moved.now(), due);
        }
    }
}
