package com.hostflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import com.hostflow.catalog.Period;

class BillingCalendarTest {

    private static LocalDate day(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    void eachPeriodHasItsLength() {
        LocalDate start = day("2025-03-10");
        assertThat(BillingCalendar.periodEnd(start, Period.DAY, 0)).contains(day("2025-03-11"));
        assertThat(BillingCalendar.periodEnd(start, Period.MONTH, 0)).contains(day("2025-04-10"));
        assertThat(BillingCalendar.periodEnd(start, Period.QUARTER, 0)).contains(day("2025-06-10"));
        assertThat(BillingCalendar.periodEnd(start, Period.HALF_YEAR, 0)).contains(day("2025-09-10"));
        assertThat(BillingCalendar.periodEnd(start, Period.YEAR, 0)).contains(day("2026-03-10"));
        assertThat(BillingCalendar.periodEnd(start, Period.TRIAL, 7)).contains(day("2025-03-17"));
        assertThat(BillingCalendar.periodEnd(start, Period.ONE_TIME, 0)).isEmpty();
    }

    @Test
    void january31PlusAMonthIsTheLastDayOfFebruary() {
        assertThat(BillingCalendar.periodEnd(day("2025-01-31"), Period.MONTH, 0)).contains(day("2025-02-28"));
        assertThat(BillingCalendar.periodEnd(day("2024-01-31"), Period.MONTH, 0)).contains(day("2024-02-29"));
        assertThat(BillingCalendar.periodEnd(day("2025-08-31"), Period.HALF_YEAR, 0)).contains(day("2026-02-28"));
    }

    @Test
    void laterPeriodsKeepTheDayOfMonthOfTheAnchor() {
        LocalDate anchor = day("2025-01-31");
        assertThat(BillingCalendar.periodEnd(anchor, Period.MONTH, 0, 1)).contains(day("2025-02-28"));
        assertThat(BillingCalendar.periodEnd(anchor, Period.MONTH, 0, 2)).contains(day("2025-03-31"));
        assertThat(BillingCalendar.periodEnd(anchor, Period.MONTH, 0, 3)).contains(day("2025-04-30"));
        assertThat(BillingCalendar.periodEnd(anchor, Period.QUARTER, 0, 2)).contains(day("2025-07-31"));
    }

    @Test
    void leapDayPlusAYearIsFebruary28UntilTheNextLeapYear() {
        LocalDate leapDay = day("2024-02-29");
        assertThat(BillingCalendar.periodEnd(leapDay, Period.YEAR, 0, 1)).contains(day("2025-02-28"));
        assertThat(BillingCalendar.periodEnd(leapDay, Period.YEAR, 0, 4)).contains(day("2028-02-29"));
        assertThat(BillingCalendar.periodEnd(leapDay, Period.MONTH, 0)).contains(day("2024-03-29"));
    }

    @Test
    void decemberRollsOverIntoTheNextYear() {
        assertThat(BillingCalendar.periodEnd(day("2024-12-15"), Period.MONTH, 0)).contains(day("2025-01-15"));
        assertThat(BillingCalendar.periodEnd(day("2024-12-31"), Period.MONTH, 0)).contains(day("2025-01-31"));
        assertThat(BillingCalendar.periodEnd(day("2024-12-31"), Period.QUARTER, 0)).contains(day("2025-03-31"));
        assertThat(BillingCalendar.periodEnd(day("2024-12-31"), Period.DAY, 0)).contains(day("2025-01-01"));
    }

    @Test
    void instantsKeepTheirTimeOfDay() {
        assertThat(BillingCalendar.periodEnd(Instant.parse("2024-01-31T10:15:00Z"), Period.MONTH, 0))
                .contains(Instant.parse("2024-02-29T10:15:00Z"));
        assertThat(BillingCalendar.periodEnd(Instant.parse("2024-01-31T10:15:00Z"), Period.ONE_TIME, 0)).isEmpty();
    }
}
