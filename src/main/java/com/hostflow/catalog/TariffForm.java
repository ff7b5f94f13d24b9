package com.hostflow.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
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
        @NotBlank @Size(max = 200) String name,
        Boolean active,
        List<Long> processingModuleIds,
        @Size(max = 200) String template,
        Boolean createAllAddons,
        @Size(max = 200) String defaultDomainTemplate,
        Map<Period, BigDecimal> prices,
        @PositiveOrZero Integer trialDays,
        List<@NotNull @Valid Addon> addons) {

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
            Map<Period, BigDecimal> prices) {
    }
}
