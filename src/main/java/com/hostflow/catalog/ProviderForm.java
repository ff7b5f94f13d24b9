package com.hostflow.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A provider and the ISO 4217 currency its tariffs and accounts use. */
public record ProviderForm(
        @NotBlank @Size(max = 200) String name,
        @NotBlank String currency) {
}
