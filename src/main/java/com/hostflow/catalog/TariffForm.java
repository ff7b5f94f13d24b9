package com.hostflow.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import com.hostflow.common.web.VisibleText;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * The tariff plan form: product type, provider (fixed after creation), group, name, active, processing modules,
 * VPS template, create all add-ons, default domain template, prices per period, trial days and the add-ons.
 */
public record TariffForm(
        @NotBlank String productType,
        @NotNull Long providerId,
        Long groupId,
        @NotBlank @VisibleText @Size(max = 200) String name,
        Boolean active,
        // each is looked up: 100,000 unknown ids took seconds to be refused
        @Size(max = ProductTypeForm.MAX_ROWS) List<@NotNull Long> processingModuleIds,
        @VisibleText(optional = true) @Size(max = 200) String template,
        Boolean createAllAddons,
        @Size(max = 200) String defaultDomainTemplate,
        Map<Period, @Digits(integer = 17, fraction = 30, message = INTEGER_DIGITS) BigDecimal> prices,
        @PositiveOrZero @Max(MAX_TRIAL_DAYS) Integer trialDays,
        List<@NotNull @Valid Addon> addons) {

    /**
     * A trial's end is stored as a timestamp: 2,147,483,647 days were taken, and a trial order then created its VM
     * and stayed PROCESSING, its activation refused by PostgreSQL ("timestamp out of range", year 5,881,637).
     */
    public static final int MAX_TRIAL_DAYS = 365;

    /** Prices are stored as numeric(19,2); their decimals are checked by the tariff service (at most 2). */
    static final String INTEGER_DIGITS = "must have at most 17 digits before the decimal point";

    /**
     * {@code included} units come with the tariff; a client may choose {@code min}..{@code max} in steps of
     * {@code step}; {@code prices} is per step above {@code included}. {@code min} and {@code max} default to
     * {@code included}, {@code step} to 1.
     */
    public record Addon(
            @NotBlank String resource,
            @NotNull @PositiveOrZero Long included,
            @PositiveOrZero Long min,
            @PositiveOrZero Long max,
            Long step,
            Map<Period, @Digits(integer = 17, fraction = 30, message = INTEGER_DIGITS) BigDecimal> prices) {
    }
}
