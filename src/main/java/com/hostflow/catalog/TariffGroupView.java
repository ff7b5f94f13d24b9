package com.hostflow.catalog;

public record TariffGroupView(long id, String name) {

    static TariffGroupView of(TariffGroup g) {
        return new TariffGroupView(g.getId(), g.getName());
    }
}
