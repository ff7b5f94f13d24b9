package com.hostflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Money rules for changes inside a paid period {@code [start, end)}, counted in whole UTC days.
 *
 * <p>Parameter change (WHMCS style, due date unchanged): {@code (new period price − old period price) × remaining
 * days / days in the period}, where the remaining days run from the day of the change (that day included: the
 * client gets the new resources today) to the end. Rounded once by {@link Money}. Positive: a charge; negative: a
 * credit back to the balance.
 *
 * <p>Refund on an immediate deletion ({@link RefundPolicy#UNUSED_WHOLE_DAYS}): {@code charged amount × unused whole
 * days / days of the charged period}; the day of the deletion counts as used, so the unused days run from the next
 * day to the end. A period that has not started yet comes back whole.
 */
public final class Proration {

    private Proration() {
    }

    /** The prorated difference for a change on {@code changeDay}; negative for a cheaper configuration. */
    public static BigDecimal changeAmount(BigDecimal oldPeriodPrice, BigDecimal newPeriodPrice,
            LocalDate periodStart, LocalDate periodEnd, LocalDate changeDay) {
        long periodDays = days(periodStart, periodEnd);
        long remaining = daysLeft(periodStart, periodEnd, changeDay);
        return Money.share(newPeriodPrice.subtract(oldPeriodPrice), remaining, periodDays);
    }

    /** The unused part of {@code charged} for {@code [from, to)} when the service is deleted on {@code deletionDay}. */
    public static BigDecimal unusedWholeDays(BigDecimal charged, LocalDate from, LocalDate to, LocalDate deletionDay) {
        long periodDays = days(from, to);
        long unused = daysLeft(from, to, deletionDay.plusDays(1));
        return Money.share(charged, unused, periodDays);
    }

    /**
     * The part of {@code amount} for {@code [from, to)} that falls on {@code day} and later, not rounded (scale 10):
     * what is still unused of a movement on the day of a parameter change, that day counted as unused.
     */
    public static BigDecimal unusedShare(BigDecimal amount, LocalDate from, LocalDate to, LocalDate day) {
        return amount.multiply(BigDecimal.valueOf(daysLeft(from, to, day)))
                .divide(BigDecimal.valueOf(days(from, to)), 10, java.math.RoundingMode.DOWN);
    }

    /** Days of {@code [start, end)} from {@code day} on (clipped to the period). */
    static long daysLeft(LocalDate start, LocalDate end, LocalDate day) {
        LocalDate from = day.isBefore(start) ? start : day;
        return Math.max(0, ChronoUnit.DAYS.between(from, end));
    }

    private static long days(LocalDate start, LocalDate end) {
        long days = ChronoUnit.DAYS.between(start, end);
        if (days <= 0) {
            throw new IllegalArgumentException("empty period " + start + " to " + end);
        }
        return days;
    }
}
