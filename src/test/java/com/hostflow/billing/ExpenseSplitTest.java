package com.hostflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import java.math.RoundingMode;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import com.hostflow.billing.ExpenseSplit.Part;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

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
    void theCentsLeftOverGoToThePartsWithTheLargestRemaindersSoThePartsAddUpToTheCent() {
        List<Part> parts = ExpenseSplit.byMonth(new BigDecimal("100.00"),
                LocalDate.parse("2024-08-15"), LocalDate.parse("2024-11-15"));

        // exact shares 18.478…, 32.608…, 33.695…, 15.217…: rounded down 99.97, the three cents left go to the
        // largest remainders (September .0087, August .0083, November .0074), not to October (.0057)
        assertThat(parts).extracting(Part::amount).containsExactly(
                new BigDecimal("18.48"), new BigDecimal("32.61"), new BigDecimal("33.69"), new BigDecimal("15.22"));
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
        // 31/365 of 100.00 is 8.493…: rounded down 99.94 in all, four 30-day months (.918) and then the first two
        // 31-day months (.315) get the six cents left
        assertThat(parts.get(0)).isEqualTo(part("2024-12-01", "2025-01-01", "8.50"));
        assertThat(parts.get(2)).isEqualTo(part("2025-02-01", "2025-03-01", "7.67"));
        assertThat(parts.get(3)).isEqualTo(part("2025-03-01", "2025-04-01", "8.49"));
        assertThat(parts.stream().map(Part::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("100.00");
    }

    /**
     * Each month rounded on its own and the last month taking what was left: a small charge over a year rounded
     * eleven months up to 0.01 and left the last one -0.04 (a negative expense line for 0.07 charged).
     */
    @Test
    void aSmallChargeOverAYearHasNoNegativePart() {
        List<Part> parts = ExpenseSplit.byMonth(new BigDecimal("0.07"),
                LocalDate.parse("2025-01-01"), LocalDate.parse("2026-01-01"));

        assertThat(parts).hasSize(12).allSatisfy(part -> assertThat(part.amount()).isBetween(
                new BigDecimal("0.00"), new BigDecimal("0.01")));
        assertThat(parts.stream().map(Part::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("0.07");
    }

    /**
     * The rounding of eleven months piled up in the last one: 100.00 for a year from December showed November (30
     * days) at 8.24 beside September (30 days) at 8.22, two cents off its share of 8.219….
     */
    @Test
    void noMonthOfAYearIsMoreThanACentOffItsShare() {
        List<Part> parts = ExpenseSplit.byMonth(new BigDecimal("100.00"),
                LocalDate.parse("2024-12-01"), LocalDate.parse("2025-12-01"));

        assertThat(parts.get(9)).isEqualTo(part("2025-09-01", "2025-10-01", "8.22"));
        assertThat(parts.get(11)).isEqualTo(part("2025-11-01", "2025-12-01", "8.22"));
    }

    /** Any charge over any period: parts of at least 0.00, each less than a cent off its exact share, adding up. */
    @Property(tries = 2000)
    void thePartsAddUpAndEachIsWithinACentOfItsShare(@ForAll("amounts") BigDecimal amount,
            @ForAll("days") LocalDate from, @ForAll @IntRange(min = 1, max = 1200) int length) {
        LocalDate to = from.plusDays(length);
        List<Part> parts = ExpenseSplit.byMonth(amount, from, to);

        assertThat(parts.stream().map(Part::amount).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualTo(amount);
        assertThat(parts.get(0).from()).isEqualTo(from);
        assertThat(parts.get(parts.size() - 1).to()).isEqualTo(to);
        for (Part part : parts) {
            BigDecimal exact = amount.multiply(BigDecimal.valueOf(ChronoUnit.DAYS.between(part.from(), part.to())))
                    .divide(BigDecimal.valueOf(length), 20, RoundingMode.HALF_UP);
            assertThat(part.amount().scale()).isEqualTo(2);
            assertThat(part.amount().signum()).as("%s", parts).isNotNegative();
            assertThat(part.amount().subtract(exact).abs()).as("%s", parts).isLessThan(new BigDecimal("0.01"));
        }
    }

    @Provide
    Arbitrary<BigDecimal> amounts() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 200), Arbitraries.longs().between(0, 10_000_000_00L))
                .map(cents -> BigDecimal.valueOf(cents, 2));
    }

    @Provide
    Arbitrary<LocalDate> days() {
        return Arbitraries.integers().between(0, 3650).map(LocalDate.of(2023, 1, 1)::plusDays);
    }
}
