package com.hostflow.catalog;

public record ProviderView(long id, String name, String currency, String mailFrom, String mailSignature) {

    static ProviderView of(Provider p) {
        return new ProviderView(p.getId(), p.getName(), p.getCurrency(), p.getMailFrom(), p.getMailSignature());
    }
}
