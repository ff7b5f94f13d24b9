package com.hostflow.common.time.web;

import java.time.Instant;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.common.time.ClockControl;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Moves the application and engine clock in the demo, to watch paid periods end. Absent in production. */
@RestController
@RequestMapping("/api/v1/dev/clock")
@ConditionalOnProperty(name = "hostflow.dev-clock.enabled", havingValue = "true")
@Tag(name = "Demo clock", description = "demo profile only")
class DevClockController {

    private final ClockControl clock;

    DevClockController(ClockControl clock) {
        this.clock = clock;
    }

    @GetMapping
    @Operation(summary = "The application's current time")
    ClockView now() {
        return new ClockView(clock.now());
    }

    @PutMapping
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Move the application and engine clock; it keeps running from there")
    ClockView moveTo(@Valid @RequestBody MoveClock request) {
        clock.moveTo(request.now());
        return new ClockView(clock.now());
    }

    record ClockView(Instant now) {
    }

    record MoveClock(@NotNull Instant now) {
    }
}
