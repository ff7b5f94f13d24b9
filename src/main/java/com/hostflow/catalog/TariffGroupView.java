package com.hostflow.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.hostflow.common.web.Versioned;

public record TariffGroupView(long id, String name,
        @JsonIgnore long version) implements Versioned {

    static TariffGroupView of(TariffGroup g) {
        return new TariffGroupView(g.getId(), g.getName(), g.getVersion());
    }
}
