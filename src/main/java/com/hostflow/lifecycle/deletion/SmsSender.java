package com.hostflow.lifecycle.deletion;

/**
 * Sends a text message to a client's phone. {@link SmsConfiguration} gives the HTTP gateway of
 * {@code hostflow.sms.http.url} ({@code HOSTFLOW_SMS_URL}), or without one the log, a code in the text masked unless
 * {@code hostflow.sms.log-text} (the demo); a provider with another kind of gateway declares a bean of this type.
 */
public interface SmsSender {

    void send(String phone, String text);
}
