package com.hostflow.lifecycle.deletion;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How texts reach clients' phones ({@code hostflow.sms}). With {@code http.url} set ({@code HOSTFLOW_SMS_URL}) they go
 * to that SMS gateway ({@link HttpSmsSender}); without, the {@link LoggingSmsSender} writes them to the log, the
 * deletion codes in them masked unless {@code log-text} is on (the demo and the tests: a person reads the code there).
 * The gateway's token comes from the environment ({@code HOSTFLOW_SMS_TOKEN}) and is never stored or logged.
 */
@ConfigurationProperties("hostflow.sms")
public record SmsSettings(@DefaultValue("false") boolean logText, @DefaultValue Http http) {

    /**
     * The SMS gateway: {@code POST url} with {@code {"to","text"}} (and {@code "from"} when set), {@code Authorization:
     * Bearer token} when a token is set.
     */
    public record Http(URI url, String token, String from, @DefaultValue("3s") Duration connectTimeout,
            @DefaultValue("10s") Duration readTimeout) {

        /** Whether a gateway is configured: an empty {@code HOSTFLOW_SMS_URL} is none. */
        public boolean configured() {
            return url != null && !url.toString().isBlank();
        }

        @Override
        public String toString() {
            return "Http[url=" + url + ", token " + (token == null || token.isBlank() ? "not set" : "[hidden]")
                    + ", from=" + from + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
        }
    }
}
