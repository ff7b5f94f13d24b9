package com.hostflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits a charge for {@code [from, to)} at calendar-month boundaries ("split expenses by months"). Each part gets
 * its exact share {@code amount × its days / all days} rounded down to the cent; the cents that leaves over go one
 * each to the parts with the largest remainders (the earlier part on a tie). So the parts add up to the charge to the
 * cent, none is negative, and none is a cent or more off its exact share. Example: 30.00 from 2024-08-15 to
 * 2024-11-15 (92 days) → Aug 15–Sep 1 (17 days) 5.54, Sep 1–Oct 1 (30) 9.78, Oct 1–Nov 1 (31) 10.11, Nov 1–Nov 15
 * (14) 4.57.
 *
 * <p>Rounding each month on its own and giving the last month what was left piled eleven months' rounding into the
 * last: 0.07 for a year was eleven months of 0.01 and a last month of -0.04, and 100.00 for a year from December
 * showed November at 8.24 beside September's 8.22 ({@code ExpenseSplitTest}).
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
        BigDecimal total = Money.round(amount);
        BigDecimal totalDays = BigDecimal.valueOf(ChronoUnit.DAYS.between(from, to));
        List<LocalDate> bounds = new ArrayList<>(List.of(from));
        for (LocalDate next = from.withDayOfMonth(1).plusMonths(1); next.isBefore(to); next = next.plusMonths(1)) {
            bounds.add(next);
        }
        bounds.add(to);
        int count = bounds.size() - 1;
        BigDecimal[] floors = new BigDecimal[count];
        BigDecimal[] remainders = new BigDecimal[count];
        BigDecimal booked = BigDecimal.ZERO;
        for (int i = 0; i < count; i++) {
            BigDecimal days = BigDecimal.valueOf(ChronoUnit.DAYS.between(bounds.get(i), bounds.get(i + 1)));
            // cents × days / all days, as an exact quotient and remainder: no scale to round at
            BigDecimal[] cents = total.movePointRight(Money.SCALE).multiply(days).divideAndRemainder(totalDays);
            floors[i] = cents[0].movePointLeft(Money.SCALE).setScale(Money.SCALE);
            remainders[i] = cents[1];
            booked = booked.add(floors[i]);
        }
        int centsLeft = total.subtract(booked).movePointRight(Money.SCALE).intValueExact();
        List<Integer> byRemainder = new ArrayList<>(IntStream.range(0, count).boxed().toList());
        byRemainder.sort(Comparator.comparing((Integer i) -> remainders[i]).reversed());
        BigDecimal cent = BigDecimal.ONE.movePointLeft(Money.SCALE);
        for (int i = 0; i < centsLeft; i++) {
            floors[byRemainder.get(i)] = floors[byRemainder.get(i)].add(cent);
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parts.add(new Part(bounds.get(i), bounds.get(i + 1), floors[i]));
        }
        return parts;
    }
}
