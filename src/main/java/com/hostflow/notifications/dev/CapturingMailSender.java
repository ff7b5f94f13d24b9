package com.hostflow.notifications.dev;

import java.time.Clock;
import java.util.Date;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import jakarta.mail.internet.MimeMessage;

/**
 * The demo's mail server: a real {@code JavaMailSender} whose transport keeps every mail in {@link CapturedMails}
 * instead of talking SMTP, so {@code ./mvnw spring-boot:run} shows what clients would get with no server at all.
 */
class CapturingMailSender extends JavaMailSenderImpl {

    private static final Logger log = LoggerFactory.getLogger(CapturingMailSender.class);

    private final CapturedMails mails;
    private final Clock clock;

    CapturingMailSender(CapturedMails mails, Clock clock) {
        this.mails = mails;
        this.clock = clock;
    }

    @Override
    protected void doSend(MimeMessage[] mimeMessages, Object[] originalMessages) throws MailException {
        for (MimeMessage message : mimeMessages) {
            try {
                if (message.getSentDate() == null) {
                    message.setSentDate(Date.from(clock.instant()));
                }
                String messageId = message.getMessageID();
                message.saveChanges();
                if (messageId != null) {
                    message.setHeader("Message-ID", messageId);
                }
                mails.keep(message, clock.instant());
                log.info("demo mail catcher took '{}' (GET /api/v1/dev/mails)", message.getSubject());
            } catch (Exception e) {
                throw new MailPreparationException("the demo mail catcher could not read the mail", e);
            }
        }
    }
}
