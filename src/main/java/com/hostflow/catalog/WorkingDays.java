package com.hostflow.catalog;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A provider's working days as the lifecycle reads them: a day is a working day unless it is one of the calendar's
 * weekend days or holidays, counted in the calendar's time zone. A provider without a calendar rests on Saturday and
 * Sunday, UTC.
 */
public record WorkingDays(ZoneId zone, Set<DayOfWeek> weekendDays, Map<LocalDate, String> holidays) {

    public static final WorkingDays DEFAULT = new WorkingDays(ZoneOffset.UTC,
            EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), Map.of());

    public boolean isWorkingDay(LocalDate day) {
        return !weekendDays.contains(day.getDayOfWeek()) && !holidays.containsKey(day);
    }

    /** {@code at} itself when it falls on a working day, else the start of the next working day. */
    public Instant workingTimeFrom(Instant at) {
        LocalDate day = at.atZone(zone).toLocalDate();
        if (isWorkingDay(day)) {
            return at;
        }
        for (int i = 0; i < 366 && !isWorkingDay(day); i++) {
            day = day.plusDays(1);
        }
        return day.atStartOfDay(zone).toInstant();
    }
}
