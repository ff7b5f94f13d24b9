package com.hostflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void roundsHalfUpToCents() {
        assertThat(Money.round(new BigDecimal("1.005"))).isEqualTo("1.01");
        assertThat(Money.round(new BigDecimal("1.00499"))).isEqualTo("1.00");
        assertThat(Money.round(new BigDecimal("2.675"))).isEqualTo("2.68");
        assertThat(Money.round(new BigDecimal("-1.005"))).isEqualTo("-1.01");
        assertThat(Money.round(new BigDecimal("7"))).isEqualTo("7.00");
    }

    @Test
    void sharesAreRoundedOnce() {
        assertThat(Money.share(new BigDecimal("10.00"), 1, 3)).isEqualTo("3.33");
        assertThat(Money.share(new BigDecimal("10.00"), 2, 3)).isEqualTo("6.67");
        // 0.015 × 1/1 would be rounded only at the end: 0.02
        assertThat(Money.share(new BigDecimal("0.015"), 1, 1)).isEqualTo("0.02");
        assertThat(Money.share(new BigDecimal("-4.00"), 15, 31)).isEqualTo("-1.94");
    }

    @Test
    void tellsWhetherAnAmountHasAtMostCents() {
        assertThat(Money.hasCents(new BigDecimal("25.00"))).isTrue();
        assertThat(Money.hasCents(new BigDecimal("25.100"))).isTrue();
        assertThat(Money.hasCents(new BigDecimal("25.001"))).isFalse();
    }
}
