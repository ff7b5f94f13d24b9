package com.hostflow.interleaving;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.jdbc.core.JdbcTemplate;

import com.hostflow.common.time.ClockControl;
import com.hostflow.lifecycle.ExternalTaskWakeUp;
import com.hostflow.support.EngineSnapshot;

/**
 * Waits until the engine has settled ({@link EngineSnapshot}: no job is due or running, no payment waits to be
 * delivered to the processes, no external task (module call) is waiting to be fetched or being worked on).
 * Processes that wait only on a short timer (poll waits, retry back-offs, a retry round when VMmanager is down) are
 * woken by moving the clock to that timer, the way time would pass; business timers
 * (payment deadlines, weekends, the end of a paid period) lie beyond the horizon and wait for the scenario's clock
 * events.
 */
final class EngineSettle {

    /** Back-offs and poll waits of the short settings; a failure round's "retry later" is beyond it. */
    static final Duration SHORT = Duration.ofSeconds(10);
    /** Also brings "retry later" (one minute in the short settings) forward, once VMmanager is well again. */
    static final Duration RETRY_ROUND = Duration.ofSeconds(90);
    static final Duration MAX_WAIT = Duration.ofSeconds(90);

    private final ManagementService management;
    private final ExternalTaskService externalTasks;
    private final ClockControl clock;
    private final ExternalTaskWakeUp workerWakeUp;
    private final ProcessEngineConfigurationImpl engine;
    /** payment deliveries that failed count: the payment sweep tries them again, and the scenario waits for it */
    private final EngineSnapshot snapshot;

    EngineSettle(HostFlowUnderTest app) {
        this.management = app.bean(ManagementService.class);
        this.externalTasks = app.bean(ExternalTaskService.class);
        this.clock = app.bean(ClockControl.class);
        this.workerWakeUp = app.bean(ExternalTaskWakeUp.class);
        this.engine = (ProcessEngineConfigurationImpl) app.bean(ProcessEngine.class).getProcessEngineConfiguration();
        this.snapshot = new EngineSnapshot(app.bean(JdbcTemplate.class), EngineSnapshot.Payments.EVERY_UNDELIVERED);
    }

    /** Waits until settled, bringing timers due within {@code horizon} forward; empty, or what never settled. */
    Optional<String> settle(Duration horizon) {
        try {
            Awaitility.await("the engine to settle").atMost(MAX_WAIT).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50)).until(() -> settled(horizon));
            return Optional.empty();
        } catch (ConditionTimeoutException e) {
            return Optional.of("the engine did not settle within " + MAX_WAIT.toSeconds() + " s: " + describe());
        }
    }

    /**
     * Nothing runs and nothing waits to run now (a timer may still be due later): no module operation can start
     * before the clock moves, so there is no point in waiting for one.
     */
    boolean idle() {
        return snapshot.look(clock.now()).idle();
    }

    private boolean settled(Duration horizon) {
        Instant now = clock.now();
        EngineSnapshot.Look look = snapshot.look(now);
        if (!look.idle()) {
            return false;
        }
        Instant earliest = look.earliestTimer();
        if (earliest != null && earliest.isBefore(now.plus(horizon))) {
            clock.moveTo(earliest.plusMillis(200));
            // tell the job executor and the external-task worker at once, instead of at their next idle wake-up
            if (engine.getJobExecutor() != null) {
                engine.getJobExecutor().jobWasAdded();
            }
            workerWakeUp.signal();
            return false;
        }
        return true;
    }

    private String describe() {
        List<String> lines = new ArrayList<>();
        lines.add("now " + clock.now() + ", undelivered payment events " + snapshot.undeliveredPayments());
        management.createJobQuery().withRetriesLeft().orderByJobDuedate().asc().listPage(0, 10).forEach(job -> lines
                .add("job " + job.getId() + " of " + job.getProcessDefinitionKey() + " due " + job.getDuedate()
                        + " retries " + job.getRetries() + " " + Objects.toString(job.getExceptionMessage(), "")));
        externalTasks.createExternalTaskQuery().withRetriesLeft().listPage(0, 10).forEach(task -> lines.add(
                "external task " + task.getTopicName() + " of " + task.getBusinessKey() + " at "
                        + task.getActivityId() + " locked until " + task.getLockExpirationTime() + " "
                        + Objects.toString(task.getErrorMessage(), "")));
        lines.add("leases held " + snapshot.leasesHeld());
        // what the application's own threads are doing: a worker stuck in a call or on a lock shows here
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("external-task") || thread.getName().startsWith("payment-events")) {
                lines.add("thread " + thread.getName() + " " + thread.getState() + "\n    at " + String.join(
                        "\n    at ", Arrays.stream(stack).limit(40).map(StackTraceElement::toString).toList()));
            }
        });
        return String.join("; ", lines);
    }
}
