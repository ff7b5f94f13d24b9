package com.hostflow.catalog;

import java.util.List;

import com.hostflow.common.web.VisibleText;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A provider's business calendar: its time zone (e.g. {@code Europe/Amsterdam}), the weekdays it rests
 * ({@code SATURDAY}, {@code SUNDAY}) and its public holidays.
 */
public record BusinessCalendarForm(
        @NotNull Long providerId,
        @NotBlank @Size(max = 64) String timeZone,
        @NotNull @Size(max = 6) List<String> weekendDays,
        @Size(max = 400) List<@NotNull @Valid Holiday> holidays) {

    /** A public holiday: its date ({@code 2027-01-01}) and name. */
    public record Holiday(@NotBlank String date, @NotBlank @VisibleText @Size(max = 200) String name) {
    }
}
