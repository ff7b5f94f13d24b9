package com.hostflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/** A batch of mails over one connection of a real SMTP server (GreenMail), each mail with its own outcome. */
class MailBatchTest {

    private GreenMail smtp;
    private final AtomicInteger connections = new AtomicInteger();
    private JavaMailSenderImpl sender;

    @BeforeEach
    void start() {
        smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        sender = new JavaMailSenderImpl() {
            @Override
            protected Transport connectTransport() throws MessagingException {
                connections.incrementAndGet();
                return super.connectTransport();
            }
        };
        sender.setHost("127.0.0.1");
        sender.setPort(smtp.getSmtp().getPort());
        sender.getJavaMailProperties().put("mail.smtp.connectiontimeout", "2000");
        sender.getJavaMailProperties().put("mail.smtp.timeout", "2000");
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    @Test
    void fiveMailsGoOverOneConnection() throws Exception {
        List<MimeMessage> mails = List.of(mail("a@example.com"), mail("b@example.com"), mail("c@example.com"),
                mail("d@example.com"), mail("e@example.com"));

        Map<MimeMessage, Exception> failed = MailBatch.send(sender, mails);

        assertThat(failed).isEmpty();
        assertThat(connections).hasValue(1);
        assertThat(smtp.getReceivedMessages()).hasSize(5);
    }

    @Test
    void aMailThatCannotGoOutFailsAloneAndTheOthersAreSent() throws Exception {
        MimeMessage first = mail("first@example.com");
        MimeMessage broken = mail(null);
        MimeMessage last = mail("last@example.com");

        Map<MimeMessage, Exception> failed = MailBatch.send(sender, List.of(first, broken, last));

        assertThat(failed).containsOnlyKeys(broken);
        assertThat(smtp.getReceivedMessagesForDomain("example.com")).extracting(MimeMessage::getSubject)
                .containsExactly("to first@example.com", "to last@example.com");
    }

    @Test
    void withTheServerDownEveryMailFails() throws Exception {
        smtp.stop();
        MimeMessage one = mail("one@example.com");
        MimeMessage two = mail("two@example.com");

        Map<MimeMessage, Exception> failed = MailBatch.send(sender, List.of(one, two));

        assertThat(failed).containsOnlyKeys(one, two);
        assertThat(failed.get(two)).hasMessageContaining("connect");
    }

    @Test
    void nothingToSendOpensNoConnection() {
        assertThat(MailBatch.send(sender, List.of())).isEmpty();
        assertThat(connections).hasValue(0);
    }

    private MimeMessage mail(String to) throws MessagingException {
        MimeMessage message = sender.createMimeMessage();
        message.setFrom("billing@example.com");
        if (to != null) {
            message.setRecipients(jakarta.mail.Message.RecipientType.TO, to);
        }
        message.setSubject("to " + to);
        message.setText("hello");
        return message;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
