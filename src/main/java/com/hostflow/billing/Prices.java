package com.hostflow.billing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.hostflow.catalog.Period;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.catalog.TariffTerms.AddonTerms;
import com.hostflow.common.web.FieldProblem;
import com.hostflow.common.web.InvalidInputException;

/**
 * Prices of a tariff with add-ons. The price for a period is the tariff's price for the period plus, for each add-on,
 * its price for the period times the number of {@code step}s the chosen value lies above {@code included} (a value at
 * or below {@code included} costs nothing extra). An add-on left out of the order takes its {@code included} value.
 *
 * <p>An add-on without a price of its own for a month-based period (QUARTER, HALF_YEAR, YEAR) costs its MONTH price
 * times the months of the period; for DAY and ONE_TIME it needs a price of its own. {@code TRIAL} is always free.
 */
public final class Prices {

    private Prices() {
    }

    /**
     * The price of the tariff for one period with the given add-on values, rounded by {@link Money}.
     *
     * @throws InvalidInputException naming {@code period} or {@code addons.<resource>} when the tariff has no price
     *                               for the period or a value is invalid
     */
    public static BigDecimal price(TariffTerms tariff, Period period, Map<String, Long> addons) {
        List<FieldProblem> problems = new ArrayList<>(addonProblems(tariff, addons));
        if (period == Period.TRIAL) {
            throwIfAny(problems);
            return Money.ZERO;
        }
        BigDecimal base = tariff.prices().get(period);
        if (base == null) {
            problems.add(new FieldProblem("period", "tariff " + tariff.name() + " is not sold for " + period));
        }
        BigDecimal total = base == null ? BigDecimal.ZERO : base;
        for (AddonTerms addon : tariff.addons()) {
            long steps = stepsAboveIncluded(addon, valueOf(addon, addons));
            if (steps == 0) {
                continue;
            }
            Optional<BigDecimal> stepPrice = stepPrice(addon, period);
            if (stepPrice.isEmpty()) {
                problems.add(new FieldProblem("addons." + addon.resource(),
                        "more than " + addon.included() + " is not sold for " + period));
                continue;
            }
            total = total.add(stepPrice.get().multiply(BigDecimal.valueOf(steps)));
        }
        throwIfAny(problems);
        return Money.round(total);
    }

    /** The add-on part of {@link #price}: what the add-ons above their included values cost for one period. */
    public static BigDecimal addonsPrice(TariffTerms tariff, Period period, Map<String, Long> addons) {
        BigDecimal total = price(tariff, period, addons);
        return period == Period.TRIAL ? total : Money.round(total.subtract(tariff.prices().get(period)));
    }

    /**
     * Checks chosen add-on values against the tariff: a known resource, between {@code min} and {@code max}, and on
     * the grid {@code included + k × step}. Returns one problem per bad value, named {@code addons.<resource>}.
     */
    public static List<FieldProblem> addonProblems(TariffTerms tariff, Map<String, Long> addons) {
        List<FieldProblem> problems = new ArrayList<>();
        if (addons == null) {
            return problems;
        }
        addons.forEach((resource, value) -> {
            String field = "addons." + resource;
            Optional<AddonTerms> terms = tariff.addon(resource);
            if (terms.isEmpty()) {
                problems.add(new FieldProblem(field, "the tariff has no add-on " + resource));
            } else if (value == null) {
                problems.add(new FieldProblem(field, "must not be null"));
            } else {
                AddonTerms addon = terms.get();
                if (value < addon.min() || value > addon.max()) {
                    problems.add(new FieldProblem(field,
                            "must be between " + addon.min() + " and " + addon.max()));
                } else if (addon.step() > 0 && Math.floorMod(value - addon.included(), addon.step()) != 0) {
                    problems.add(new FieldProblem(field,
                            "must be " + addon.included() + " plus or minus a multiple of " + addon.step()));
                }
            }
        });
        return problems;
    }

    /** Whole steps above {@code included}; 0 at or below it. */
    static long stepsAboveIncluded(AddonTerms addon, long value) {
        if (value <= addon.included() || addon.step() <= 0) {
            return 0;
        }
        return (value - addon.included()) / addon.step();
    }

    static Optional<BigDecimal> stepPrice(AddonTerms addon, Period period) {
        BigDecimal own = addon.prices().get(period);
        if (own != null) {
            return Optional.of(own);
        }
        BigDecimal monthly = addon.prices().get(Period.MONTH);
        int months = BillingCalendar.months(period);
        if (monthly != null && months > 0) {
            return Optional.of(monthly.multiply(BigDecimal.valueOf(months)));
        }
        return Optional.empty();
    }

    private static long valueOf(AddonTerms addon, Map<String, Long> addons) {
        Long chosen = addons == null ? null : addons.get(addon.resource());
        return chosen == null ? addon.included() : chosen;
    }

    private static void throwIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }
}
