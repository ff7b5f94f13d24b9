package com.hostflow.common.mail;

import com.hostflow.common.web.VisibleText;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * One rule for what counts as an e-mail address, for the client API, the provider's From and the outbox: RFC 822
 * syntax (strict), one address, and a domain with a dot (so {@code root@localhost} and {@code a@b} are refused); no
 * line breaks or control characters, not even inside a quoted name; the address itself ASCII (an international domain
 * in its {@code xn--} form), the name may be any text.
 */
public final class MailAddresses {

    private MailAddresses() {
    }

    /** {@code billing@example.com} or {@code Demo Hosting <billing@example.com>}. */
    public static boolean isValid(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        // a quoted name may hold a CR/LF ("\"Acme\r\nBcc: x\" <a@b.example>") that would reach the From header
        if (text.codePoints().anyMatch(VisibleText.Check::breaksLine)) {
            return false;
        }
        try {
            InternetAddress[] parsed = InternetAddress.parse(text.trim(), true);
            if (parsed.length != 1) {
                return false;
            }
            parsed[0].validate();
            String address = parsed[0].getAddress();
            if (!address.chars().allMatch(c -> c < 0x80)) {
                // the SMTP client writes MAIL FROM / RCPT TO as ASCII: "bücher" went out mangled (no SMTPUTF8)
                return false;
            }
            int at = address.lastIndexOf('@');
            return at > 0 && address.indexOf('.', at) > at + 1 && !address.endsWith(".");
        } catch (AddressException e) {
            return false;
        }
    }

    /**
     * A bare address ({@code a@example.com}, no name, no quotes): what a client's e-mail must be. A quoted local part
     * ({@code "eve"@example.com}) is the mailbox {@code eve@example.com} under another spelling: it passed the check
     * that an e-mail is taken, and is a login name.
     */
    public static boolean isBareAddress(String text) {
        return isValid(text) && !text.contains("<") && !text.contains(" ") && !text.contains("\"");
    }
}
