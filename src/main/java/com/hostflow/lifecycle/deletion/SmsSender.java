package com.hostflow.lifecycle.deletion;

/**
 * Sends a text message to a client's phone. The default one only writes it to the log; a provider plugs in its SMS
 * gateway by declaring a bean of this type.
 */
public interface SmsSender {

    void send(String phone, String text);
}
