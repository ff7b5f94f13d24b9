package com.hostflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a charge for {@code [from, to)} at calendar-month boundaries ("split expenses by months"). Each part gets
 * {@code amount × its days / all days}, rounded by {@link Money}; the last part takes what is left, so the parts add
 * up to the charge to the cent. Example: 30.00 from 2024-08-15 to 2024-11-15 (92 days) → Aug 15–Sep 1 (17 days) 5.54,
 * Sep 1–Oct 1 (30) 9.78, Oct 1–Nov 1 (31) 10.11, Nov 1–Nov 15 (14) 4.57.
 */
public final class ExpenseSplit {

    /** One month's share of a charge, {@code [from, to)}. */
    public record Part(LocalDate from, LocalDate to, BigDecimal amount) {
    }

    private ExpenseSplit() {
    }

    public static List<Part> byMonth(BigDecimal amount, LocalDate from, LocalDate to) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("empty period " + from + " to " + to);
        }
        long totalDays = ChronoUnit.DAYS.between(from, to);
        List<Part> parts = new ArrayList<>();
        BigDecimal booked = BigDecimal.ZERO;
        LocalDate partFrom = from;
        while (partFrom.isBefore(to)) {
            LocalDate nextMonth = partFrom.withDayOfMonth(1).plusMonths(1);
            LocalDate partTo = nextMonth.isBefore(to) ? nextMonth : to;
            BigDecimal partAmount = partTo.equals(to)
                    ? Money.round(amount.subtract(booked))
                    : Money.share(amount, ChronoUnit.DAYS.between(partFrom, partTo), totalDays);
            parts.add(new Part(partFrom, partTo, partAmount));
            booked = booked.add(partAmount);
            partFrom = partTo;
        }
        return parts;
    }
}
