package com.hostflow.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.hostflow.common.web.Versioned;

/** A data center as the API shows it; {@code icon} is null when it has none. */
public record DataCenterView(long id, String name, String externalId, int sortOrder, Icon icon,
        @JsonIgnore long version) implements Versioned {

    /** One of the two, as API.md writes it: {"countryCode":"NL"} or {"imageUrl":"…"}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Icon(String countryCode, String imageUrl) {
    }

    static DataCenterView of(DataCenter d) {
        Icon icon = d.getIconCountryCode() == null && d.getIconImageUrl() == null ? null
                : new Icon(d.getIconCountryCode(), d.getIconImageUrl());
        return new DataCenterView(d.getId(), d.getName(), d.getExternalId(), d.getSortOrder(), icon, d.getVersion());
    }
}
