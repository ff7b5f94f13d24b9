package com.hostflow.lifecycle.suspension;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

import com.hostflow.services.SuspensionReason;

/** When a suspension may happen: with "no suspension on weekends" a BILLING suspension waits until Monday (UTC). */
public final class SuspensionCalendar {

    private SuspensionCalendar() {
    }

    /** The instant a suspension due {@code now} may happen, or empty when it may happen at once. */
    public static Optional<Instant> notBefore(Instant now, SuspensionReason reason, boolean noSuspendOnWeekends) {
        if (reason != SuspensionReason.BILLING || !noSuspendOnWeekends) {
            return Optional.empty();
        }
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
            return Optional.empty();
        }
        return Optional.of(day.with(TemporalAdjusters.next(DayOfWeek.MONDAY)).atStartOfDay(ZoneOffset.UTC)
                .toInstant());
    }
}
