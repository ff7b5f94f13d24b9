package com.hostflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class ProrationTest {

    static final LocalDate MARCH_1 = LocalDate.parse("2025-03-01");
    static final LocalDate APRIL_1 = LocalDate.parse("2025-04-01");
    static final BigDecimal TEN = new BigDecimal("10.00");
    static final BigDecimal FOURTEEN = new BigDecimal("14.00");

    @Test
    void anUpgradeChargesTheDifferenceForTheRemainingDays() {
        // 4.00 × 15 days left (17th to 31st) / 31
        assertThat(Proration.changeAmount(TEN, FOURTEEN, MARCH_1, APRIL_1, LocalDate.parse("2025-03-17")))
                .isEqualTo("1.94");
    }

    @Test
    void aDowngradeCreditsTheDifference() {
        assertThat(Proration.changeAmount(FOURTEEN, TEN, MARCH_1, APRIL_1, LocalDate.parse("2025-03-17")))
                .isEqualTo("-1.94");
    }

    @Test
    void aChangeOnTheFirstDayCostsTheWholeDifferenceAndOnTheEndDayNothing() {
        assertThat(Proration.changeAmount(TEN, FOURTEEN, MARCH_1, APRIL_1, MARCH_1)).isEqualTo("4.00");
        assertThat(Proration.changeAmount(TEN, FOURTEEN, MARCH_1, APRIL_1, APRIL_1)).isEqualTo("0.00");
    }

    @Test
    void aRefundReturnsTheUnusedWholeDays() {
        // deleted on March 10: the 10th is used, 21 days (11th to 31st) come back
        assertThat(Proration.unusedWholeDays(new BigDecimal("31.00"), MARCH_1, APRIL_1, LocalDate.parse("2025-03-10")))
                .isEqualTo("21.00");
        // 10.00 for April (30 days), deleted on the first day: 29/30
        assertThat(Proration.unusedWholeDays(TEN, APRIL_1, LocalDate.parse("2025-05-01"), APRIL_1)).isEqualTo("9.67");
        assertThat(Proration.unusedWholeDays(TEN, MARCH_1, APRIL_1, LocalDate.parse("2025-03-31"))).isEqualTo("0.00");
    }

    @Test
    void aPeriodNotYetStartedComesBackWhole() {
        assertThat(Proration.unusedWholeDays(TEN, APRIL_1, LocalDate.parse("2025-05-01"), LocalDate.parse("2025-03-20")))
                .isEqualTo("10.00");
    }
}
