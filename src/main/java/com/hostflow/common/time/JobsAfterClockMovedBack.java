package com.hostflow.common.time;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The demo's clock put back: a job that is not a timer waits for the due date the engine gave it by the clock of then
 * (a failed job's next try: the time of its failure plus the retry interval), so one that failed while the clock was a
 * year ahead waited a year for its next try. Every such wait is counted again from the new time: a job due a minute
 * after the old time is due a minute after the new one, one due before the new time stays due, and a job due by the
 * old time is due now. Timers are planned again by {@link TimersAfterClockMovedBack}, from their definitions.
 * <p>
 * A plain update, without the engine's revision, as {@link LocksAfterClockMovedBack}'s: a job under way ends as it
 * would have (its own update or deletion is not refused as a concurrent change).
 */
@Component
@ConditionalOnProperty(name = "hostflow.dev-clock.enabled", havingValue = "true")
public class JobsAfterClockMovedBack {

    private static final Logger log = LoggerFactory.getLogger(JobsAfterClockMovedBack.class);

    private final ManagementService management;
    private final JdbcTemplate jdbc;

    JobsAfterClockMovedBack(ManagementService management, JdbcTemplate jdbc) {
        this.management = management;
        this.jdbc = jdbc;
    }

    /** Counts the waits of the jobs (timers aside) due after {@code now} from it instead of from {@code before}. */
    public void planAgain(Instant before, Instant now) {
        Timestamp newTime = Timestamp.from(now);
        double back = Duration.between(now, before).toNanos() / 1e9;
        int jobs = jdbc.update("update " + management.getTableName(JobEntity.class)
                + " set duedate_ = greatest(?, duedate_ - make_interval(secs => ?))"
                + " where duedate_ > ? and type_ <> 'timer'", newTime, back, newTime);
        log.info("clock put back from {} to {}: {} jobs' waits (a failed job's next try) counted from the new time",
                before, now, jobs);
    }
}
