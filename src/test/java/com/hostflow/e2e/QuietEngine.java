package com.hostflow.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.jdbc.core.JdbcTemplate;

import com.hostflow.common.time.ClockControl;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.lifecycle.ExternalTaskWakeUp;
import com.hostflow.support.EngineSnapshot;

/**
 * Waits, in an end-to-end test's own application, until nothing runs or waits to run ({@link EngineSnapshot}, with
 * a payment delivery that failed left to the test that made it fail). Timers due within the horizon (poll waits,
 * retry back-offs, a module call's back-off after a failure) are brought forward by moving the clock, and the job
 * executor and the external-task worker are told at once instead of at their next idle wake-up (up to
 * {@code camunda.bpm.job-execution.max-wait}, 0.2 s in the test profile and 2 s in production's, and
 * {@code hostflow.workers.max-idle-wait}, 1 s).
 */
final class QuietEngine {

    /**
     * The horizon that brings every poll wait of the test profile forward (the back-off's 1, 2 and 5 s, then the poll
     * interval's 10 s), never a retry round (30 s) nor a business timer: with 5 s, an operation polling at the 10 s
     * interval looked settled.
     */
    static final Duration POLL_WAITS = Duration.ofSeconds(11);
    /**
     * How long the engine must look quiet before it counts as settled. A hand-over between two threads that is not
     * in the database (work handed on after a commit) is not in any snapshot: an order cancelled while its open was
     * polling was once checked with a VM its close had still to delete.
     */
    private static final Duration QUIET_FOR = Duration.ofMillis(100);

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final EndToEndApi api;
    private final Login admin;
    private final ClockControl clock;
    private final EngineSnapshot snapshot;
    private final JobExecutor jobExecutor;
    private final ExternalTaskWakeUp worker;

    QuietEngine(EndToEndApi api, Login admin, ClockControl clock, JdbcTemplate jdbc, ProcessEngine engine,
            ExternalTaskWakeUp worker) {
        this.api = api;
        this.admin = admin;
        this.clock = clock;
        // a delivery that failed waits for its next attempt (and the test that made it fail)
        this.snapshot = new EngineSnapshot(jdbc, EngineSnapshot.Payments.NEVER_TRIED);
        this.jobExecutor = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor();
        this.worker = worker;
    }

    /** Waits until quiet, bringing timers due within {@code horizon} forward; {@code state} tells what was left. */
    void settle(Duration horizon, Supplier<String> state) {
        long[] quietSince = {0};
        try {
            Awaitility.await("the engine to settle").atMost(WAIT).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        if (!quiet(horizon)) {
                            quietSince[0] = 0;
                            return false;
                        }
                        if (quietSince[0] == 0) {
                            quietSince[0] = System.nanoTime();
                        }
                        return System.nanoTime() - quietSince[0] >= QUIET_FOR.toNanos();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the engine did not settle within " + WAIT.toSeconds() + " s: "
                    + snapshot.look(clock.now()) + "; " + state.get(), e);
        }
    }

    /**
     * Moves the clock to the earliest timer when it is due within {@code horizon} and tells the job executor and the
     * worker; answers whether it moved.
     */
    boolean bringTimerForward(Duration horizon) {
        Instant now = clock.now();
        Instant earliest = snapshot.look(now).earliestTimer();
        if (earliest == null || !earliest.isBefore(now.plus(horizon))) {
            return false;
        }
        api.moveClock(admin, earliest.plusMillis(200));
        wakeUp();
        return true;
    }

    private boolean quiet(Duration horizon) {
        if (!snapshot.look(clock.now()).idle()) {
            // a timer the clock passed, or a back-off it ended: run it now, not at the next idle wake-up
            wakeUp();
            return false;
        }
        return !bringTimerForward(horizon);
    }

    /** Tells the job executor and the external-task worker to look now. */
    void wakeUp() {
        if (jobExecutor != null) {
            jobExecutor.jobWasAdded();
        }
        worker.signal();
    }
}
