package com.hostflow.lifecycle.deletion;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The SMS "gateway" of an installation that has none: the message goes to the log, for staff to pass on. */
class LoggingSmsSender implements SmsSender {

    private static final Logger log = LoggerFactory.getLogger(LoggingSmsSender.class);

    @Override
    public void send(String phone, String text) {
        log.info("SMS to {}: {}", phone, text);
    }
}
