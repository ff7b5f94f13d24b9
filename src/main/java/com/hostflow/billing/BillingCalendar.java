package com.hostflow.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

import com.hostflow.catalog.Period;

/**
 * Where a paid period ends. Billing counts in calendar days of UTC; a period is the half-open range
 * {@code [start, end)}: the service is paid from the first moment of {@code start} up to (not including) {@code end}.
 *
 * <p>Calendar rule for months: {@link LocalDate#plusMonths}, i.e. the same day of month, or the last day of a shorter
 * month (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year). A prolongation starts where the paid period ended
 * and asks for one period from there, so a service ordered on Jan 31 is paid until Feb 28, then Mar 28: the day of a
 * shorter month sticks. {@link #periodEnd(LocalDate, Period, int, int)} counts n periods from one start.
 */
public final class BillingCalendar {

    private BillingCalendar() {
    }

    /** Months in a period, 0 for the periods that are not counted in months. */
    public static int months(Period period) {
        return switch (period) {
            case MONTH -> 1;
            case QUARTER -> 3;
            case HALF_YEAR -> 6;
            case YEAR -> 12;
            case TRIAL, ONE_TIME, DAY -> 0;
        };
    }

    /**
     * The end of the first period that starts on {@code start}; empty for {@code ONE_TIME}, which never ends.
     *
     * @param trialDays the tariff's trial length, used only for {@code TRIAL}
     */
    public static Optional<LocalDate> periodEnd(LocalDate start, Period period, int trialDays) {
        return periodEnd(start, period, trialDays, 1);
    }

    /**
     * The end of the {@code n}-th consecutive period from {@code anchor} ({@code n = 1} is the first period), counted
     * from the anchor, so n periods in one go do not drift to a shorter month's last day.
     */
    public static Optional<LocalDate> periodEnd(LocalDate anchor, Period period, int trialDays, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
        return switch (period) {
            case ONE_TIME -> Optional.empty();
            case TRIAL -> Optional.of(anchor.plusDays((long) trialDays * n));
            case DAY -> Optional.of(anchor.plusDays(n));
            case MONTH, QUARTER, HALF_YEAR, YEAR -> Optional.of(anchor.plusMonths((long) months(period) * n));
        };
    }

    /** {@link #periodEnd(LocalDate, Period, int)} for an instant: same time of day (UTC) on the end date. */
    public static Optional<Instant> periodEnd(Instant start, Period period, int trialDays) {
        LocalDate startDay = day(start);
        return periodEnd(startDay, period, trialDays)
                .map(end -> start.plus(java.time.Duration.ofDays(end.toEpochDay() - startDay.toEpochDay())));
    }

    /** The UTC calendar day of an instant. */
    public static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
