package com.hostflow.lifecycle.deletion;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.common.web.RemoteCallFailedException;

import feign.Client;
import feign.Feign;
import feign.FeignException;
import feign.Request;
import feign.RetryableException;
import feign.Retryer;
import feign.codec.EncodeException;

/**
 * Texts through an HTTP SMS gateway ({@code hostflow.sms.http}): one {@code POST} of {@code {"to","text"}} with the
 * gateway's bearer token. Neither the text (it may hold a deletion code) nor the token is ever logged or put in an
 * exception: a gateway that fails or does not answer is a {@link RemoteCallFailedException} (502/504) naming only the
 * HTTP status. Called outside any transaction, after the code is committed.
 */
class HttpSmsSender implements SmsSender {

    private static final Logger log = LoggerFactory.getLogger(HttpSmsSender.class);
    static final String FAILED = "SMS_GATEWAY_FAILED";

    private final SmsGatewayApi gateway;
    private final String from;

    HttpSmsSender(SmsSettings.Http settings) {
        ObjectMapper json = new ObjectMapper();
        String token = settings.token();
        this.from = settings.from() == null || settings.from().isBlank() ? null : settings.from();
        this.gateway = Feign.builder()
                .client(new Client.Default(null, null))
                .options(new Request.Options(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS,
                        settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS, false))
                .retryer(Retryer.NEVER_RETRY)
                .encoder((body, type, template) -> {
                    try {
                        template.body(json.writeValueAsBytes(body), StandardCharsets.UTF_8);
                    } catch (JsonProcessingException e) {
                        throw new EncodeException("the SMS could not be written as JSON");
                    }
                })
                .requestInterceptor(template -> {
                    if (token != null && !token.isBlank()) {
                        template.header("Authorization", "Bearer " + token);
                    }
                })
                .target(SmsGatewayApi.class, settings.url().toString());
    }

    @Override
    public void send(String phone, String text) {
        try {
            gateway.send(new SmsGatewayApi.Message(phone, text, from));
        } catch (RetryableException e) {
            boolean timedOut = e.getCause() instanceof SocketTimeoutException;
            log.warn("SMS to {} not sent: the SMS gateway {}", LoggingSmsSender.maskedPhone(phone),
                    timedOut ? "did not answer in time" : "could not be reached");
            throw new RemoteCallFailedException(FAILED, timedOut, "the SMS gateway "
                    + (timedOut ? "did not answer in time" : "could not be reached") + "; ask for a new code in a"
                    + " minute");
        } catch (FeignException e) {
            log.warn("SMS to {} not sent: the SMS gateway answered HTTP {}", LoggingSmsSender.maskedPhone(phone),
                    e.status());
            throw new RemoteCallFailedException(FAILED, false, "the SMS gateway answered HTTP " + e.status()
                    + "; ask for a new code in a minute");
        }
        log.info("SMS to {} handed to the SMS gateway", LoggingSmsSender.maskedPhone(phone));
    }
}
