package com.hostflow.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.hostflow.common.web.Versioned;

public record ProviderView(long id, String name, String currency, String mailFrom, String mailSignature,
        @JsonIgnore long version) implements Versioned {

    static ProviderView of(Provider p) {
        return new ProviderView(p.getId(), p.getName(), p.getCurrency(), p.getMailFrom(), p.getMailSignature(),
                p.getVersion());
    }
}
