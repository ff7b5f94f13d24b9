package com.hostflow.notifications;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The outbox sender and the check of overdue department tasks run on Spring's scheduler, on every node. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class NotificationConfiguration {

    /*
     * Jakarta Mail looks its StreamProvider up with a ServiceLoader scan of the class path for every MIME part it
     * builds or writes, unless this system property names the class: under load that scan was the JVM's hottest
     * method (every jar opened per mail). Naming Angus Mail's own provider skips the scan.
     */
    static {
        System.getProperties().putIfAbsent("jakarta.mail.util.StreamProvider",
                "org.eclipse.angus.mail.util.MailStreamProvider");
    }

    /**
     * SMTP AUTH exactly when a user name is configured ({@code HOSTFLOW_MAIL_USERNAME}): Jakarta Mail would otherwise
     * ignore the credentials, and an empty user name would be sent as one.
     */
    @Bean
    static BeanPostProcessor smtpAuthWhenUserGiven() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof JavaMailSenderImpl sender) {
                    if (sender.getUsername() == null || sender.getUsername().isBlank()) {
                        sender.setUsername(null);
                        sender.setPassword(null);
                    } else {
                        String protocol = sender.getProtocol() == null ? "smtp" : sender.getProtocol();
                        sender.getJavaMailProperties().putIfAbsent("mail." + protocol + ".auth", "true");
                    }
                }
                return bean;
            }
        };
    }
}
