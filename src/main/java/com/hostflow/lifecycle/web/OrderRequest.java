package com.hostflow.lifecycle.web;

import java.util.Map;

import com.hostflow.catalog.Period;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** A new service: the tariff, the period, add-on values (resource → value) and parameters (e.g. {@code os}). */
public record OrderRequest(
        @NotNull @Positive Long clientId,
        @NotNull @Positive Long tariffId,
        @NotNull Period period,
        Map<String, Long> addons,
        Map<String, String> params) {
}
