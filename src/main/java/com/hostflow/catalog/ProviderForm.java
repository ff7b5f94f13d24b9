package com.hostflow.catalog;

import com.hostflow.common.web.VisibleText;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A provider and the ISO 4217 currency its tariffs and accounts use; optionally the From address and the signature of
 * its mails to clients (without them the installation's {@code hostflow.notifications.from} and no signature).
 */
public record ProviderForm(
        @NotBlank @VisibleText @Size(max = 200) String name,
        @NotBlank String currency,
        @Size(max = 254) String mailFrom,
        @Size(max = 2000) @Pattern(regexp = SIGNATURE_TEXT, message = SIGNATURE_MESSAGE) String mailSignature) {

    /** A signature's lines: line breaks and tabs, no other control character (a BEL or an ESC was stored and mailed). */
    static final String SIGNATURE_TEXT = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]*";
    static final String SIGNATURE_MESSAGE = "must not contain control characters other than line breaks and tabs";

    public ProviderForm(String name, String currency) {
        this(name, currency, null, null);
    }
}
