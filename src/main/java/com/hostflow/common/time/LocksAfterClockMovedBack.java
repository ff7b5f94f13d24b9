package com.hostflow.common.time;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The demo's clock put back: the locks the engine took while it was ahead (the job executor's on jobs, the workers'
 * on external tasks, each until the clock's time then plus the lock's length) would expire only when the clock caught
 * up again. While the node holding them lives nobody notices, since it ends its jobs and tasks as usual; but a node
 * killed after the move (kill -9 and a restart) left them locked, and the orders it was working on stayed PROCESSING
 * for a year after a year ahead and back, not the five minutes of a lock (helper-84's probe). Every lock expiring later
 * than one lock's length from the new time expires then instead, as if taken now. So does the hold that wrong
 * passwords in a row put on a login (until the clock's time then plus the login delay, at most 60 s): one typed while
 * the clock was a year ahead refused the login's right password for a year after the move back.
 * <p>
 * Plain updates, without the engine's revision: a job or task still under way on this node ends as it would have (its
 * own update or deletion is not refused as a concurrent change). A worker that still calls a module keeps the task's
 * lease, judged by the database's clock, so the task taken over early is not called twice.
 */
@Component
@ConditionalOnProperty(name = "hostflow.dev-clock.enabled", havingValue = "true")
public class LocksAfterClockMovedBack {

    private static final Logger log = LoggerFactory.getLogger(LocksAfterClockMovedBack.class);

    private final ProcessEngine engine;
    private final JdbcTemplate jdbc;
    private final Duration workerLock;

    LocksAfterClockMovedBack(ProcessEngine engine, JdbcTemplate jdbc,
            @Value("${hostflow.workers.lock-duration:PT5M}") Duration workerLock) {
        this.engine = engine;
        this.jdbc = jdbc;
        this.workerLock = workerLock;
    }

    /** Shortens every lock that lasts past one lock's length from {@code now}, the clock's new time. */
    public void shortenFrom(Instant now) {
        int jobs = shorten(JobEntity.class, now.plus(jobLock()));
        int tasks = shorten(ExternalTaskEntity.class, now.plus(workerLock));
        int logins = shorten(UserEntity.class, now.plus(longestLoginDelay()));
        log.info("clock put back to {}: the locks of {} jobs and {} external tasks and the holds of {} logins the moved"
                + " clock set expire within one lock's length (the longest login delay) from it", now, jobs, tasks,
                logins);
    }

    private int shorten(Class<?> entity, Instant until) {
        Timestamp end = Timestamp.from(until);
        return jdbc.update("update " + engine.getManagementService().getTableName(entity)
                + " set lock_exp_time_ = ? where lock_exp_time_ > ?", end, end);
    }

    private Duration longestLoginDelay() {
        return Duration.ofSeconds(configuration().getLoginDelayMaxTime());
    }

    private ProcessEngineConfigurationImpl configuration() {
        return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    }

    private Duration jobLock() {
        JobExecutor executor = configuration().getJobExecutor();
        return executor == null ? workerLock : Duration.ofMillis(executor.getLockTimeInMillis());
    }
}
