package com.hostflow.notifications.dev;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Demo only ({@code hostflow.dev-mail.enabled}): mails go to an in-memory catcher, readable at
 * {@code GET /api/v1/dev/mails}, instead of an SMTP server. Spring Boot's own mail sender steps back for this one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hostflow.dev-mail.enabled", havingValue = "true")
class DevMailConfiguration {

    @Bean
    CapturedMails capturedMails() {
        return new CapturedMails();
    }

    @Bean
    JavaMailSender capturingMailSender(CapturedMails mails, Clock clock) {
        return new CapturingMailSender(mails, clock);
    }
}
