package com.hostflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.hostflow.catalog.Period;

/** The worked example of the README's "How billing works", step by step. */
class WorkedExampleTest {

    static final LocalDate AUG_15 = LocalDate.parse("2024-08-15");

    @Test
    void orderUpgradeAndDeletionOfAQuarterlyVps() {
        BigDecimal balance = new BigDecimal("50.00");

        BigDecimal order = Prices.price(PricesTest.VPS_2, Period.QUARTER, Map.of("ram", 4096L));
        assertThat(order).isEqualTo("39.00");
        LocalDate paidUntil = BillingCalendar.periodEnd(AUG_15, Period.QUARTER, 0).orElseThrow();
        assertThat(paidUntil).isEqualTo("2024-11-15");
        balance = balance.subtract(order);
        assertThat(ExpenseSplit.byMonth(order, AUG_15, paidUntil)).extracting(ExpenseSplit.Part::amount)
                .containsExactly(new BigDecimal("7.21"), new BigDecimal("12.72"), new BigDecimal("13.14"),
                        new BigDecimal("5.93"));

        LocalDate sep20 = LocalDate.parse("2024-09-20");
        BigDecimal bigger = Prices.price(PricesTest.VPS_2, Period.QUARTER, Map.of("ram", 6144L));
        assertThat(bigger).isEqualTo("51.00");
        BigDecimal upgrade = Proration.changeAmount(order, bigger, AUG_15, paidUntil, sep20);
        assertThat(upgrade).isEqualTo("7.30");
        balance = balance.subtract(upgrade);
        assertThat(balance).isEqualTo("3.70");

        LocalDate oct10 = LocalDate.parse("2024-10-10");
        BigDecimal refund = Proration.unusedWholeDays(order, AUG_15, paidUntil, oct10)
                .add(Proration.unusedWholeDays(upgrade, sep20, paidUntil, oct10));
        assertThat(refund).isEqualTo("19.40");
        assertThat(balance.add(refund)).isEqualTo("23.10");
    }
}
