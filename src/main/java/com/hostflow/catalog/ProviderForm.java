package com.hostflow.catalog;

import com.hostflow.common.web.VisibleText;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A provider and the ISO 4217 currency its tariffs and accounts use; optionally the From address and the signature of
 * its mails to clients (without them the installation's {@code hostflow.notifications.from} and no signature).
 */
public record ProviderForm(
        @NotBlank @VisibleText @Size(max = 200) String name,
        @NotBlank String currency,
        @Size(max = 254) String mailFrom,
        @Size(max = 2000) String mailSignature) {

    public ProviderForm(String name, String currency) {
        this(name, currency, null, null);
    }
}
