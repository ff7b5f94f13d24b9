package com.hostflow.common.web;

import java.time.LocalDate;

/**
 * Whether PostgreSQL takes a day as a {@code date} value or parameter. Java reads years up to ±999,999,999
 * ({@code +999999999-12-31}); PostgreSQL refused them ("date out of range", SQLState 22008), which was answered 409
 * "conflicts with existing data", also for a GET's filter. Days of the years 1 to 9999 are taken.
 */
public final class StorableDate {

    public static final String RANGE = "must lie between 0001-01-01 and 9999-12-31";

    private static final LocalDate EARLIEST = LocalDate.of(1, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

    private StorableDate() {
    }

    /** True for null (no day given) and for the days PostgreSQL stores as given. */
    public static boolean fits(LocalDate day) {
        return day == null || !day.isBefore(EARLIEST) && !day.isAfter(LATEST);
    }
}
