package com.hostflow.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.hostflow.catalog.Period;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.catalog.TariffTerms.AddonTerms;
import com.hostflow.common.web.FieldProblem;
import com.hostflow.common.web.InvalidInputException;

class PricesTest {

    static final TariffTerms VPS_2 = new TariffTerms(1, "vds", 1, null, "VPS-2", true, List.of(1L), "vps-2", null,
            Map.of(Period.DAY, new BigDecimal("0.40"), Period.MONTH, new BigDecimal("10.00"),
                    Period.QUARTER, new BigDecimal("27.00"), Period.YEAR, new BigDecimal("100.00"),
                    Period.ONE_TIME, new BigDecimal("15.00")),
            7,
            List.of(new AddonTerms("ram", 2048, 1024, 16384, 1024,
                            Map.of(Period.MONTH, new BigDecimal("2.00"), Period.DAY, new BigDecimal("0.10"))),
                    new AddonTerms("cpu", 1, 1, 8, 1,
                            Map.of(Period.MONTH, new BigDecimal("3.00"), Period.YEAR, new BigDecimal("30.00")))));

    @Test
    void baseTariffForEachPeriod() {
        assertThat(Prices.price(VPS_2, Period.DAY, Map.of())).isEqualTo("0.40");
        assertThat(Prices.price(VPS_2, Period.MONTH, Map.of())).isEqualTo("10.00");
        assertThat(Prices.price(VPS_2, Period.QUARTER, Map.of())).isEqualTo("27.00");
        assertThat(Prices.price(VPS_2, Period.YEAR, Map.of())).isEqualTo("100.00");
        assertThat(Prices.price(VPS_2, Period.ONE_TIME, Map.of())).isEqualTo("15.00");
        assertThat(Prices.price(VPS_2, Period.TRIAL, Map.of("ram", 4096L))).isEqualTo("0.00");
    }

    @Test
    void addonsCostTheirPricePerStepAboveIncluded() {
        // 10.00 + 2 steps of RAM × 2.00 + 1 CPU × 3.00
        assertThat(Prices.price(VPS_2, Period.MONTH, Map.of("ram", 4096L, "cpu", 2L))).isEqualTo("17.00");
        assertThat(Prices.price(VPS_2, Period.DAY, Map.of("ram", 3072L))).isEqualTo("0.50");
        // the add-on's own YEAR price: 100.00 + 2 × 30.00
        assertThat(Prices.price(VPS_2, Period.YEAR, Map.of("cpu", 3L))).isEqualTo("160.00");
        assertThat(Prices.addonsPrice(VPS_2, Period.MONTH, Map.of("ram", 4096L, "cpu", 2L))).isEqualTo("7.00");
    }

    @Test
    void addonWithoutAPriceForTheMonthBasedPeriodCostsItsMonthlyPriceTimesMonths() {
        // QUARTER: 27.00 + 2 steps × 2.00 × 3 + 1 × 3.00 × 3
        assertThat(Prices.price(VPS_2, Period.QUARTER, Map.of("ram", 4096L, "cpu", 2L))).isEqualTo("48.00");
    }

    @Test
    void valuesAtOrBelowIncludedCostNothingExtra() {
        assertThat(Prices.price(VPS_2, Period.MONTH, Map.of("ram", 1024L, "cpu", 1L))).isEqualTo("10.00");
        assertThat(Prices.price(VPS_2, Period.MONTH, Map.of("ram", 2048L))).isEqualTo("10.00");
    }

    @Test
    void namesEveryBadAddonValue() {
        assertThat(Prices.addonProblems(VPS_2, Map.of("ram", 5000L))).extracting(FieldProblem::field)
                .containsExactly("addons.ram");
        assertThat(Prices.addonProblems(VPS_2, Map.of("ram", 32768L))).extracting(FieldProblem::message)
                .containsExactly("must be between 1024 and 16384");
        assertThat(Prices.addonProblems(VPS_2, Map.of("cpu", 0L, "gpu", 1L))).extracting(FieldProblem::field)
                .containsExactlyInAnyOrder("addons.cpu", "addons.gpu");
        assertThat(Prices.addonProblems(VPS_2, Map.of("ram", 16384L, "cpu", 8L))).isEmpty();
    }

    @Test
    void refusesPeriodsWithoutAPriceAndBadValues() {
        assertThatThrownBy(() -> Prices.price(VPS_2, Period.HALF_YEAR, Map.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldProblem::field).containsExactly("period"));
        assertThatThrownBy(() -> Prices.price(VPS_2, Period.ONE_TIME, Map.of("ram", 3072L)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldProblem::field).containsExactly("addons.ram"));
        assertThatThrownBy(() -> Prices.price(VPS_2, Period.MONTH, Map.of("ram", 3000L)))
                .isInstanceOf(InvalidInputException.class);
    }
}
