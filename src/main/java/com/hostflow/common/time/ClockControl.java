package com.hostflow.common.time;

import java.time.Clock;
import java.time.Instant;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/** Moves the application and engine clock together; the clock keeps running from the new instant. */
@Component
public class ClockControl {

    private final Clock clock;

    ClockControl(Clock clock) {
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public void moveTo(Instant instant) {
        ClockUtil.offset(instant.toEpochMilli() - System.currentTimeMillis());
    }

    public void reset() {
        ClockUtil.reset();
    }
}
