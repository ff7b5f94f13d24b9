package com.hostflow.common.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * The one clock of the application. It reads the engine's {@link ClockUtil}, so moving the engine clock (in tests or
 * through the demo's {@code /dev/clock}) moves every due date, timer and price calculation together.
 */
public final class EngineClock extends Clock {

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("HostFlow keeps time in UTC");
    }

    @Override
    public Instant instant() {
        return ClockUtil.getCurrentTime().toInstant();
    }
}
