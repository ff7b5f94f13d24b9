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
 * month (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year). A service keeps its <em>billing day</em>, the day of
 * month its chain of paid periods started on: periods that follow one another go back to that day when the month
 * has it, so a service ordered on Jan 31 is paid until Feb 28, then Mar 31, Apr 30, May 31. A period that does not
 * start on the chain (a trial's end, a suspended service paid again today) starts a new chain on its own day.
 */
public final class BillingCalendar {

    private BillingCalendar() {
    }

    /** Months in a period, 0 for the periods that are not counted in months. */
    public static int months(Period period) {
        return period.months();
    }

    /**
     * The end of the first period that starts on {@code start}; empty for {@code ONE_TIME}, which never ends.
     *
     * @param trialDays the tariff's trial length, used only for {@code TRIAL}
     */
    public static Optional<LocalDate> periodEnd(LocalDate start, Period period, int trialDays) {
        return switch (period) {
            case ONE_TIME -> Optional.empty();
            case TRIAL -> Optional.of(start.plusDays(trialDays));
            case DAY -> Optional.of(start.plusDays(1));
            case MONTH, QUARTER, HALF_YEAR, YEAR -> Optional.of(start.plusMonths(months(period)));
        };
    }

    /**
     * The end of the period that starts on {@code start}, keeping the month chain on {@code billingDay} (1–31, null
     * for none) when {@code start} lies on it: Feb 28 with billing day 31 ends on Mar 31, not Mar 28.
     */
    public static Optional<LocalDate> periodEnd(LocalDate start, Period period, int trialDays, Integer billingDay) {
        Optional<LocalDate> end = periodEnd(start, period, trialDays);
        if (months(period) == 0 || !onChain(start, billingDay)) {
            return end;
        }
        return end.map(day -> onBillingDay(day, billingDay));
    }

    /**
     * The first day of the month-counted period that ends on {@code end}; the inverse of
     * {@link #periodEnd(LocalDate, Period, int, Integer)} for {@code MONTH} and the longer periods.
     */
    public static LocalDate monthsPeriodStart(LocalDate end, Period period, Integer billingDay) {
        LocalDate start = end.minusMonths(months(period));
        return onChain(end, billingDay) ? onBillingDay(start, billingDay) : start;
    }

    /**
     * The billing day of a chain of periods going on from {@code start}: the service's own when {@code start} lies
     * on it, otherwise a new chain starts on {@code start}'s day.
     */
    public static int billingDay(LocalDate start, Integer serviceBillingDay) {
        return onChain(start, serviceBillingDay) ? serviceBillingDay : start.getDayOfMonth();
    }

    /**
     * The paid period a charge for {@code [from, to)} was for (DAY, MONTH, QUARTER, HALF_YEAR, YEAR), read back from
     * its dates on the service's month chain or off it; empty when they span none of them.
     */
    public static Optional<Period> periodBetween(LocalDate from, LocalDate to, int trialDays, Integer billingDay) {
        return java.util.stream.Stream.of(Period.DAY, Period.MONTH, Period.QUARTER, Period.HALF_YEAR, Period.YEAR)
                .filter(period -> periodEnd(from, period, trialDays, billingDay).filter(to::equals).isPresent()
                        || periodEnd(from, period, trialDays).filter(to::equals).isPresent())
                .findFirst();
    }

    private static boolean onChain(LocalDate day, Integer billingDay) {
        return billingDay != null && day.getDayOfMonth() == Math.min(billingDay, day.lengthOfMonth());
    }

    private static LocalDate onBillingDay(LocalDate day, int billingDay) {
        return day.withDayOfMonth(Math.min(billingDay, day.lengthOfMonth()));
    }

    /** {@link #periodEnd(LocalDate, Period, int)} for an instant: same time of day (UTC) on the end date. */
    public static Optional<Instant> periodEnd(Instant start, Period period, int trialDays) {
        return periodEnd(start, period, trialDays, null);
    }

    /** {@link #periodEnd(LocalDate, Period, int, Integer)} for an instant: same time of day (UTC) on the end date. */
    public static Optional<Instant> periodEnd(Instant start, Period period, int trialDays, Integer billingDay) {
        LocalDate startDay = day(start);
        return periodEnd(startDay, period, trialDays, billingDay)
                .map(end -> start.plus(java.time.Duration.ofDays(end.toEpochDay() - startDay.toEpochDay())));
    }

    /**
     * Whether a service paid until {@code paidUntil} is paid past the day of {@code now} (UTC): nothing of it is due
     * today, so nothing suspends or deletes it for non-payment.
     */
    public static boolean paidPastToday(Instant paidUntil, Instant now) {
        return paidUntil != null && day(paidUntil).isAfter(day(now));
    }

    /** The UTC calendar day of an instant. */
    public static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
