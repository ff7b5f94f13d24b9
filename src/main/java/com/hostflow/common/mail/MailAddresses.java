package com.hostflow.common.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * One rule for what counts as an e-mail address, for the client API, the provider's From and the outbox: RFC 822
 * syntax (strict), one address, and a domain with a dot (so {@code root@localhost} and {@code a@b} are refused).
 */
public final class MailAddresses {

    private MailAddresses() {
    }

    /** {@code billing@example.com} or {@code Demo Hosting <billing@example.com>}. */
    public static boolean isValid(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        try {
            InternetAddress[] parsed = InternetAddress.parse(text.trim(), true);
            if (parsed.length != 1) {
                return false;
            }
            parsed[0].validate();
            String address = parsed[0].getAddress();
            int at = address.lastIndexOf('@');
            return at > 0 && address.indexOf('.', at) > at + 1 && !address.endsWith(".");
        } catch (AddressException e) {
            return false;
        }
    }

    /** A bare address ({@code a@example.com}, no name): what a client's e-mail must be. */
    public static boolean isBareAddress(String text) {
        return isValid(text) && !text.contains("<") && !text.contains(" ");
    }
}
