package com.hostflow.common.time;

import java.time.Instant;
import java.util.Date;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import com.hostflow.common.FailuresReportedByCaller;

/**
 * The demo's clock put back (README: "to go back to the real time, PUT the current time"): the timers the engine
 * planned while the clock was ahead would wait until it caught up again, a month for a month ahead, so no billing run
 * started and no drift round ran, and a module call waiting on a poll or back-off stood still. Each timer due after
 * the new time is planned again from it, as the engine plans a timer it makes: a cycle or a duration counts from now,
 * a date (a paid-until, a payment deadline) stays that date.
 */
@Component
@ConditionalOnProperty(name = "hostflow.dev-clock.enabled", havingValue = "true")
public class TimersAfterClockMovedBack {

    private static final Logger log = LoggerFactory.getLogger(TimersAfterClockMovedBack.class);

    private final ManagementService management;

    TimersAfterClockMovedBack(ManagementService management) {
        this.management = management;
    }

    /** Plans every timer due after {@code now} again from the engine's clock, which must already show {@code now}. */
    public void planAgainFrom(Instant now) {
        int planned = 0;
        int ended = 0;
        int left = 0;
        for (Job timer : management.createJobQuery().timers().duedateHigherThan(Date.from(now)).list()) {
            try {
                // one engine command each: a timer that fires or ends meanwhile leaves the others to be planned;
                // its failure is told below, not as the engine's ERROR ("No execution found" for a timer whose
                // process went on between the engine's reads of the job and of its execution)
                FailuresReportedByCaller.run(() -> {
                    management.recalculateJobDuedate(timer.getId(), false);
                    return null;
                });
                planned++;
            } catch (ProcessEngineException failed) {
                if (management.createJobQuery().jobId(timer.getId()).count() == 0) {
                    // it fired (due by the clock that was ahead) or its process went on: nothing is left to plan
                    ended++;
                } else {
                    left++;
                    log.warn("timer job {} kept its due date {} after the clock was put back: {}", timer.getId(),
                            timer.getDuedate().toInstant(), failed.getMessage());
                }
            }
        }
        log.info("clock put back to {}: {} timers planned again from it, {} fired or ended meanwhile, {} left as they"
                + " were", now, planned, ended, left);
    }
}
