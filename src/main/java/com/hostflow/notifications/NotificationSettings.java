package com.hostflow.notifications;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hostflow.notifications.*}: where mails come from, where operators keep their own templates, and how the
 * outbox sender retries.
 *
 * @param from             the From of mails when the provider has none ({@code HOSTFLOW_MAIL_FROM})
 * @param publicUrl        HostFlow's address as clients reach it, for links in mails (e.g. to the credentials)
 * @param templateDir      a folder whose templates replace or add to the built-in ones ({@code <lang>/<name>.txt},
 *                         {@code .subject.txt}, {@code .html}); read on every mail, so edits need no restart
 * @param senderEnabled    false stops this node's sender (rows wait in the outbox for another node)
 * @param batchSize        rows one sender claims at a time
 * @param lease            how long a claimed row is this sender's; after it another node takes the row again.
 *                         Longer than the worst send of a batch (the SMTP timeouts times the batch size)
 * @param maxAttempts      sends tried before a row is FAILED
 * @param initialBackoff   wait after the first failure; doubled after each further one
 * @param maxBackoff       the longest wait between two attempts
 * @param failureDepartment the department whose task says that a client could not be told
 *
 * <p>{@code poll-interval} (how often the sender looks for due rows) and {@code overdue-check} (how often staff are
 * told about department tasks past their due date) are read by the {@code @Scheduled} methods that use them.
 */
@ConfigurationProperties("hostflow.notifications")
public record NotificationSettings(
        @DefaultValue("HostFlow <noreply@hostflow.example>") String from,
        @DefaultValue("http://localhost:8080") String publicUrl,
        String templateDir,
        @DefaultValue("true") boolean senderEnabled,
        @DefaultValue("20") int batchSize,
        @DefaultValue("PT5M") Duration lease,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("PT30S") Duration initialBackoff,
        @DefaultValue("PT1H") Duration maxBackoff,
        @DefaultValue("support") String failureDepartment) {

    /** The wait after the {@code attempts}-th failed attempt: initial × 2^(attempts−1), at most {@code maxBackoff}. */
    public Duration backoffAfter(int attempts) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
