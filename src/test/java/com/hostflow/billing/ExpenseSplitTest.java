package com.hostflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.hostflow.billing.ExpenseSplit.Part;

class ExpenseSplitTest {

    private static Part part(String from, String to, String amount) {
        return new Part(LocalDate.parse(from), LocalDate.parse(to), new BigDecimal(amount));
    }

    @Test
    void theSeedsExampleThreeMonthsFromAugust15() {
        // 92 days: 17 in August, 30 in September, 31 in October, 14 in November
        List<Part> parts = ExpenseSplit.byMonth(new BigDecimal("30.00"),
                LocalDate.parse("2024-08-15"), LocalDate.parse("2024-11-15"));

        assertThat(parts).containsExactly(
                part("2024-08-15", "2024-09-01", "5.54"),
                part("2024-09-01", "2024-10-01", "9.78"),
                part("2024-10-01", "2024-11-01", "10.11"),
                part("2024-11-01", "2024-11-15", "4.57"));
    }

    @Test
    void theLastPartTakesTheRemainderSoThePartsAddUpToTheCent() {
        List<Part> parts = ExpenseSplit.byMonth(new BigDecimal("100.00"),
                LocalDate.parse("2024-08-15"), LocalDate.parse("2024-11-15"));

        // 14/92 of 100.00 would round to 15.22; the remainder is 15.21
        assertThat(parts).extracting(Part::amount).containsExactly(
                new BigDecimal("18.48"), new BigDecimal("32.61"), new BigDecimal("33.70"), new BigDecimal("15.21"));
        assertThat(parts.stream().map(Part::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("100.00");
    }

    @Test
    void aLeapFebruaryHas29Days() {
        assertThat(ExpenseSplit.byMonth(new BigDecimal("10.00"),
                LocalDate.parse("2024-01-31"), LocalDate.parse("2024-02-29"))).containsExactly(
                part("2024-01-31", "2024-02-01", "0.34"),
                part("2024-02-01", "2024-02-29", "9.66"));
    }

    @Test
    void aPeriodInsideOneMonthIsOnePart() {
        assertThat(ExpenseSplit.byMonth(new BigDecimal("10.00"),
                LocalDate.parse("2024-09-01"), LocalDate.parse("2024-10-01")))
                .containsExactly(part("2024-09-01", "2024-10-01", "10.00"));
    }

    @Test
    void aYearAcrossNewYearIsTwelveParts() {
        List<Part> parts = ExpenseSplit.byMonth(new BigDecimal("100.00"),
                LocalDate.parse("2024-12-01"), LocalDate.parse("2025-12-01"));
        assertThat(parts).hasSize(12);
        assertThat(parts.get(0)).isEqualTo(part("2024-12-01", "2025-01-01", "8.49"));
        assertThat(parts.stream().map(Part::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("100.00");
    }
}
