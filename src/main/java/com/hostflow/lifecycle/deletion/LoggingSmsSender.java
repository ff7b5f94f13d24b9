package com.hostflow.lifecycle.deletion;

import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS "gateway" of an installation that has none: the message goes to the log. A deletion code in it is a secret
 * (whoever reads it can delete the client's service), so the log shows the text with every run of four or more digits
 * masked and the phone number cut to its last two digits, unless {@code hostflow.sms.log-text} is on: the demo and
 * the tests, where a person (or a test) reads the code there. Production sets {@code HOSTFLOW_SMS_URL} instead
 * ({@link HttpSmsSender}); until it does, a code texted this way never reaches the client, which a WARN says.
 */
class LoggingSmsSender implements SmsSender {

    private static final Logger log = LoggerFactory.getLogger(LoggingSmsSender.class);
    private static final Pattern SECRET_DIGITS = Pattern.compile("\\d{4,}");

    private final boolean logText;

    LoggingSmsSender(boolean logText) {
        this.logText = logText;
    }

    @Override
    public void send(String phone, String text) {
        if (logText) {
            log.info("SMS to {}: {}", phone, text);
        } else {
            log.warn("SMS to {} not sent, no SMS gateway is configured (HOSTFLOW_SMS_URL): {}", maskedPhone(phone),
                    masked(text));
        }
    }

    /** The text with every run of four or more digits (a code) as that many asterisks. */
    static String masked(String text) {
        return SECRET_DIGITS.matcher(text).replaceAll(match -> "*".repeat(match.group().length()));
    }

    /** A phone number as its last two digits, the rest asterisks. */
    static String maskedPhone(String phone) {
        if (phone == null || phone.length() <= 2) {
            return "**";
        }
        return "*".repeat(phone.length() - 2) + phone.substring(phone.length() - 2);
    }
}
