package com.hostflow.common.web;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Whether a client's {@code params.domain}, or the domain a tariff's template gives a service, can name a VM: a DNS
 * host name of at least two labels (letters, digits
 * and hyphens, at most 63 each, 253 in all; an internationalised name in its {@code xn--} form). The module passes it
 * to VMmanager as the host's name, where HTML, spaces or an IP address would be refused only after the order was paid.
 */
public final class DomainName {

    static final int MAX_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private DomainName() {
    }

    /** Why the value names no host, or null when it does (null and blank values: the tariff's template is used). */
    public static String problem(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] labels = value.split("\\.", -1);
        boolean wellFormed = value.length() <= MAX_LENGTH && labels.length >= 2
                && Arrays.stream(labels).allMatch(label -> LABEL.matcher(label).matches())
                && !DIGITS.matcher(labels[labels.length - 1]).matches();
        return wellFormed ? null : "must be a host name such as vps1.example.com: labels of letters, digits and"
                + " hyphens (at most 63 characters each, no hyphen at either end) joined by dots, at most "
                + MAX_LENGTH + " characters; an internationalised name in its xn-- form";
    }
}
