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
    void periodsThatFollowOneAnotherGoBackToTheBillingDay() {
        assertThat(BillingCalendar.periodEnd(day("2025-01-31"), Period.MONTH, 0, 31)).contains(day("2025-02-28"));
        assertThat(BillingCalendar.periodEnd(day("2025-02-28"), Period.MONTH, 0, 31)).contains(day("2025-03-31"));
        assertThat(BillingCalendar.periodEnd(day("2025-03-31"), Period.MONTH, 0, 31)).contains(day("2025-04-30"));
        assertThat(BillingCalendar.periodEnd(day("2025-04-30"), Period.MONTH, 0, 31)).contains(day("2025-05-31"));
        assertThat(BillingCalendar.periodEnd(day("2025-04-30"), Period.QUARTER, 0, 31)).contains(day("2025-07-31"));
        assertThat(BillingCalendar.periodEnd(day("2025-02-28"), Period.MONTH, 0, 30)).contains(day("2025-03-30"));
        assertThat(BillingCalendar.periodEnd(day("2025-02-28"), Period.MONTH, 0, 28)).contains(day("2025-03-28"));
    }

    @Test
    void aPeriodOffTheChainOrWithoutABillingDayKeepsItsOwnDay() {
        assertThat(BillingCalendar.periodEnd(day("2025-02-28"), Period.MONTH, 0, (Integer) null))
                .contains(day("2025-03-28"));
        // Mar 15 is not on a chain of the 31st (a trial ended, a suspended service paid again)
        assertThat(BillingCalendar.periodEnd(day("2025-03-15"), Period.MONTH, 0, 31)).contains(day("2025-04-15"));
        assertThat(BillingCalendar.billingDay(day("2025-03-15"), 31)).isEqualTo(15);
        assertThat(BillingCalendar.billingDay(day("2025-02-28"), 31)).isEqualTo(31);
        assertThat(BillingCalendar.billingDay(day("2025-02-28"), null)).isEqualTo(28);
        // days are days: a billing day changes nothing
        assertThat(BillingCalendar.periodEnd(day("2025-02-28"), Period.DAY, 0, 31)).contains(day("2025-03-01"));
        assertThat(BillingCalendar.periodEnd(day("2025-02-28"), Period.TRIAL, 3, 31)).contains(day("2025-03-03"));
    }

    @Test
    void aPeriodStartIsWhereTheChainPutIt() {
        assertThat(BillingCalendar.monthsPeriodStart(day("2025-02-28"), Period.MONTH, 31))
                .isEqualTo(day("2025-01-31"));
        assertThat(BillingCalendar.monthsPeriodStart(day("2025-03-31"), Period.MONTH, 31))
                .isEqualTo(day("2025-02-28"));
        assertThat(BillingCalendar.monthsPeriodStart(day("2025-04-30"), Period.QUARTER, 31))
                .isEqualTo(day("2025-01-31"));
        assertThat(BillingCalendar.monthsPeriodStart(day("2025-02-28"), Period.MONTH, null))
                .isEqualTo(day("2025-01-28"));
        assertThat(BillingCalendar.monthsPeriodStart(day("2025-04-15"), Period.MONTH, 31))
                .isEqualTo(day("2025-03-15"));
    }

    @Test
    void leapDayPlusAYearIsFebruary28UntilTheNextLeapYear() {
        LocalDate leapDay = day("2024-02-29");
        assertThat(BillingCalendar.periodEnd(leapDay, Period.YEAR, 0, 29)).contains(day("2025-02-28"));
        assertThat(BillingCalendar.periodEnd(day("2027-02-28"), Period.YEAR, 0, 29)).contains(day("2028-02-29"));
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
        assertThat(BillingCalendar.periodEnd(Instant.parse("2024-02-29T10:15:00Z"), Period.MONTH, 0, 31))
                .contains(Instant.parse("2024-03-31T10:15:00Z"));
    }
}
