package com.hostflow.common.time;

import java.time.Instant;

/**
 * The demo's clock was put back to {@code now} ({@code PUT /api/v1/dev/clock}), published after the engine's timers
 * and locks were planned again from it. A feature that keeps its own due times by the application's clock brings
 * forward what the clock set while it was ahead, which would otherwise wait until the clock caught up again.
 */
public record ClockMovedBack(Instant now) {
}
