package com.hostflow.lifecycle.deletion;

import com.fasterxml.jackson.annotation.JsonInclude;

import feign.Headers;
import feign.RequestLine;

/** The SMS gateway's one call, at the URL {@code hostflow.sms.http.url} names (Feign, as every outbound adapter). */
interface SmsGatewayApi {

    @RequestLine("POST")
    @Headers("Content-Type: application/json")
    void send(Message message);

    /** {@code {"to":"+31611111111","text":"...","from":"Hoster"}}; {@code from} only when configured. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Message(String to, String text, String from) {

        @Override
        public String toString() {
            return "Message[to " + LoggingSmsSender.maskedPhone(to) + ", text hidden]";
        }
    }
}
