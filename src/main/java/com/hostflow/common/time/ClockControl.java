package com.hostflow.common.time;

import java.time.Clock;
import java.time.Instant;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Moves the application and engine clock together; the clock keeps running from the new instant. Each move is kept
 * in the database as an offset from the real time ({@code dev_clock}); with {@code hostflow.dev-clock.restore-on-start}
 * (the demo) a start moves the clock by that offset again, before the job executor and the workers start, so a
 * restart does not send the clock back to the real time while the jobs, locks and timers the moved clock set wait
 * ahead of it.
 */
@Component
public class ClockControl {

    private final Clock clock;
    private final JdbcTemplate jdbc;

    ClockControl(Clock clock, JdbcTemplate jdbc,
            @Value("${hostflow.dev-clock.restore-on-start:false}") boolean restoreOnStart) {
        this.clock = clock;
        this.jdbc = jdbc;
        if (restoreOnStart) {
            restore();
        }
    }

    public Instant now() {
        return clock.instant();
    }

    public void moveTo(Instant instant) {
        long offset = instant.toEpochMilli() - System.currentTimeMillis();
        ClockUtil.offset(offset);
        keep(offset);
    }

    public void reset() {
        ClockUtil.reset();
        keep(0);
    }

    /** Moves the clock by the offset the last move kept (none kept: the real time). */
    public void restore() {
        Long offset = jdbc.query("select offset_ms from hostflow.dev_clock where id = 1",
                rows -> rows.next() ? rows.getLong(1) : null);
        if (offset != null && offset != 0) {
            ClockUtil.offset(offset);
        }
    }

    private void keep(long offset) {
        jdbc.update("insert into hostflow.dev_clock (id, offset_ms) values (1, ?)"
                + " on conflict (id) do update set offset_ms = excluded.offset_ms", offset);
    }
}
