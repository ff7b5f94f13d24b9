package com.hostflow.lifecycle.sync;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the drift reconciliation ({@code hostflow.sync}), read by ServiceSyncProcess's expressions as
 * {@code ${serviceSyncSettings...}}.
 *
 * @param interval  time between two scheduled rounds; the timer is set when the model is deployed, and the engine
 *                  reads the interval again each time it fires, so a changed interval counts from the next round on
 * @param scheduled whether the timer's rounds sync anything; {@code POST /api/v1/sync/run} starts a round either way
 * @param batchSize services whose syncs one job of the round starts
 */
public record ServiceSyncSettings(
        @DefaultValue("PT6H") Duration interval,
        @DefaultValue("true") boolean scheduled,
        @DefaultValue("100") int batchSize) {

    public ServiceSyncSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("hostflow.sync.interval must be positive, not " + interval);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("hostflow.sync.batch-size must be at least 1, not " + batchSize);
        }
    }

    /** The timer start event's cycle: every {@code interval}, from when the timer was set. */
    public String getRoundCycle() {
        return "R/" + interval;
    }

    public boolean isRoundsScheduled() {
        return scheduled;
    }
}
