package com.hostflow.notifications;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;

import jakarta.mail.internet.MimeMessage;

/**
 * Sends mails over one SMTP connection (not a connection, a handshake and, with a write timeout, a timer thread per
 * mail) and tells which of them failed: a mail the server refuses fails alone, a connection that cannot be opened
 * or logged into fails them all.
 */
final class MailBatch {

    private MailBatch() {
    }

    /** The mails that did not go out, each with its cause; empty when the server accepted every one. */
    static Map<MimeMessage, Exception> send(JavaMailSender mail, Collection<MimeMessage> messages) {
        Map<MimeMessage, Exception> failed = new IdentityHashMap<>();
        if (messages.isEmpty()) {
            return failed;
        }
        try {
            mail.send(messages.toArray(MimeMessage[]::new));
        } catch (MailSendException e) {
            // it names the mails that failed; none when every mail was accepted and only closing the connection failed
            e.getFailedMessages().forEach((message, cause) -> failed.put((MimeMessage) message, cause));
        } catch (MailException e) {
            // the server refused the login: nothing was sent
            messages.forEach(message -> failed.put(message, e));
        }
        return failed;
    }
}
