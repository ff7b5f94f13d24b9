package com.hostflow.common.time.web;

import java.time.Instant;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.common.time.ClockControl;
import com.hostflow.common.time.ClockMovedBack;
import com.hostflow.common.time.LocksAfterClockMovedBack;
import com.hostflow.common.time.TimersAfterClockMovedBack;
import com.hostflow.common.time.WaitsAfterClockMovedBack;
import com.hostflow.common.web.FieldProblems;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Moves the application and engine clock in the demo, to watch paid periods end. Absent in production. */
@RestController
@RequestMapping("/api/v1/dev/clock")
@ConditionalOnProperty(name = "hostflow.dev-clock.enabled", havingValue = "true")
@Tag(name = "Dev clock", description = "The demo profile's movable clock: moves the application and the engine together, so paid periods end and timers fire. Absent in production.")
class DevClockController {

    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private final ClockControl clock;
    private final TimersAfterClockMovedBack timers;
    private final LocksAfterClockMovedBack locks;
    private final WaitsAfterClockMovedBack waits;
    private final ApplicationEventPublisher events;
    /**
     * Moves take turns: two at once set the clock in one order and kept their offsets in the other (the running
     * clock days away from what the next start restores), read the time before them as it was before the other, so
     * a move back from the other's time planned no timer again, and answered the other's time.
     */
    private final Object moves = new Object();

    DevClockController(ClockControl clock, TimersAfterClockMovedBack timers, LocksAfterClockMovedBack locks,
            WaitsAfterClockMovedBack waits, ApplicationEventPublisher events) {
        this.clock = clock;
        this.timers = timers;
        this.locks = locks;
        this.waits = waits;
        this.events = events;
    }

    @GetMapping
    @Operation(summary = "Read the clock", description = "Anyone logged in: the application's current time.")
    ClockView now() {
        return new ClockView(clock.now());
    }

    @PutMapping
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Move the clock", description = "ADMIN only. Moves the application and engine clock to"
            + " `now`; it keeps running from there, and timers due by then fire. Moved back, the timers planned"
            + " while it was ahead (the billing run's next start, a module call's next poll) are planned again from"
            + " `now`, a failed job's wait for its next try and a task's due and follow-up dates count from `now`,"
            + " and the locks it set on jobs, external tasks and logins (wrong passwords) expire within one lock's"
            + " length from `now`.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "New year 2027", value = "{\"now\": \"2027-01-01T00:00:00Z\"}"))))
    ClockView moveTo(@Valid @RequestBody MoveClock request) {
        // the engine keeps the clock as an offset in milliseconds, and dates are stored with four-digit years
        new FieldProblems().addIf(request.now().isBefore(EARLIEST) || request.now().isAfter(LATEST), "now",
                "must lie between " + EARLIEST + " and " + LATEST).throwIfAny();
        synchronized (moves) {
            Instant before = clock.now();
            clock.moveTo(request.now());
            Instant now = clock.now();
            if (now.isBefore(before)) {
                // timers and locks the clock set while it was ahead would wait until it catches up again
                timers.planAgainFrom(now);
                locks.shortenFrom(now);
                waits.planAgain(before, now);
                events.publishEvent(new ClockMovedBack(now));
            }
            return new ClockView(now);
        }
    }

    record ClockView(Instant now) {
    }

    record MoveClock(@NotNull Instant now) {
    }
}
