package com.hostflow.common.time;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
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
        Instant before = clock.instant();
        if (instant.isAfter(before)) {
            keepLocksThrough(before, Duration.between(before, instant));
        }
        long offset = instant.toEpochMilli() - System.currentTimeMillis();
        ClockUtil.offset(offset);
        keep(offset);
    }

    /**
     * A move on keeps the job executor's live locks on jobs for the time they had left: judged by the moved clock they
     * had run out, and another thread took a job that was still running (the lifecycle interleaving test saw one job
     * run twice, the second run refused by the mail's idempotency key). Done before the move, so no lock taken before
     * it looks expired after it. A job's lock is only ever a running job's (a failed job waits on its due date). An
     * external task's lock is also its back-off after a failure, which a move on must end like a timer: the workers'
     * own leases, judged by the database's clock, keep a task that is still being called from a second worker.
     */
    private void keepLocksThrough(Instant before, Duration ahead) {
        jdbc.update("update act_ru_job set lock_exp_time_ = lock_exp_time_ + ? * interval '1 millisecond'"
                + " where lock_exp_time_ > ?", ahead.toMillis(), Timestamp.from(before));
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
