package com.hostflow.catalog;

import com.hostflow.common.web.VisibleText;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The data center form: name, external id, sort order and an optional icon (a country flag or an image). */
public record DataCenterForm(
        @NotBlank @VisibleText @Size(max = 200) String name,
        @VisibleText(optional = true) @Size(max = 200) String externalId,
        Integer sortOrder,
        @Valid Icon icon) {

    /** Exactly one of a country flag (ISO 3166 alpha-2) or an image URL. */
    public record Icon(
            @Pattern(regexp = "[A-Za-z]{2}", message = "must be a 2-letter ISO 3166 country code") String countryCode,
            @Size(max = 1000) String imageUrl) {
    }
}
