package com.hostflow.common.time;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The demo's clock put back: a wait the engine counted from the clock of then lasts until the clock catches up again.
 * A job that is not a timer waits for its due date (a failed job's next try: the time of its failure plus the retry
 * interval), so one that failed while the clock was a year ahead waited a year for its next try; a department's task
 * is due and followed up a few hours after it was made ({@code DepartmentTaskTimes}), so one made a year ahead was
 * neither overdue (no mail to its department) nor up for follow-up for a year. Every such wait is counted again from
 * the new time: what was due a minute after the old time is due a minute after the new one, what was due before the
 * new time stays as it is, and what was due by the old time is due now. Timers are planned again by
 * {@link TimersAfterClockMovedBack}, from their definitions.
 * <p>
 * Plain updates, without the engine's revision, as {@link LocksAfterClockMovedBack}'s: a job under way or a task being
 * completed ends as it would have (its own update or deletion is not refused as a concurrent change).
 */
@Component
@ConditionalOnProperty(name = "hostflow.dev-clock.enabled", havingValue = "true")
public class WaitsAfterClockMovedBack {

    private static final Logger log = LoggerFactory.getLogger(WaitsAfterClockMovedBack.class);

    private final ManagementService management;
    private final JdbcTemplate jdbc;

    WaitsAfterClockMovedBack(ManagementService management, JdbcTemplate jdbc) {
        this.management = management;
        this.jdbc = jdbc;
    }

    /** Counts the waits due after {@code now} from it instead of from {@code before}, the clock's time until then. */
    public void planAgain(Instant before, Instant now) {
        Timestamp newTime = Timestamp.from(now);
        double back = Duration.between(now, before).toNanos() / 1e9;
        String jobs = management.getTableName(JobEntity.class);
        String tasks = management.getTableName(TaskEntity.class);
        int retries = shift(jobs, "duedate_", " and type_ <> 'timer'", newTime, back);
        int due = shift(tasks, "due_date_", "", newTime, back);
        int followUps = shift(tasks, "follow_up_date_", "", newTime, back);
        log.info("clock put back from {} to {}: the waits of {} jobs (a failed job's next try), {} tasks' due dates and"
                + " {} follow-up dates counted from the new time", before, now, retries, due, followUps);
    }

    private int shift(String table, String column, String condition, Timestamp newTime, double back) {
        return jdbc.update("update " + table + " set " + column + " = greatest(?, " + column
                + " - make_interval(secs => ?)) where " + column + " > ?" + condition, newTime, back, newTime);
    }
}
