package com.hostflow.notifications;

import java.io.UnsupportedEncodingException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.catalog.CatalogLookup;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Delivers the outbox, on every node: claims due rows in a short transaction, renders and sends each mail with no
 * transaction open, and marks it in another short one. A failed attempt waits {@code initial-backoff × 2^(n−1)} (at
 * most {@code max-backoff}); after {@code max-attempts} the row is FAILED, counted in
 * {@code hostflow.notifications.failed} and given to a department as a task.
 * <p>
 * Guarantee: at most one row per event, and each row is sent until one attempt succeeds. Exactly once over SMTP
 * cannot be had: when a node dies between the server's "250 OK" and the mark, another node sends the row again after
 * the lease, with the same {@code Message-ID}, so the second copy is recognisable as the same message.
 */
@Component
class NotificationSender {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    private static final TypeReference<Map<String, Object>> MODEL = new TypeReference<>() {
    };
    /** control characters (CR, LF, NEL, …) and the Unicode line and paragraph separators */
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\p{Cntrl}\\u0085\\u2028\\u2029]+");

    private final OutboxClaims claims;
    private final MailTemplates templates;
    private final ObjectProvider<JavaMailSender> mailSenders;
    private final CatalogLookup catalog;
    private final NotificationSettings settings;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final String node = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicBoolean toldNoServer = new AtomicBoolean();

    NotificationSender(OutboxClaims claims, MailTemplates templates, ObjectProvider<JavaMailSender> mailSenders,
            CatalogLookup catalog, NotificationSettings settings, MeterRegistry meters, Clock clock,
            NotificationRepository notifications) {
        this.claims = claims;
        this.templates = templates;
        this.mailSenders = mailSenders;
        this.catalog = catalog;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
        for (NotificationStatus status : List.of(NotificationStatus.PENDING, NotificationStatus.SENDING,
                NotificationStatus.FAILED)) {
            Gauge.builder("hostflow.notifications.outbox", notifications, r -> r.countByStatus(status))
                    .description("Notifications in the outbox by status").tag("status", status.name().toLowerCase())
                    .register(meters);
        }
    }

    /** One round: everything due now, in batches, until nothing is due. */
    @Scheduled(fixedDelayString = "${hostflow.notifications.poll-interval:PT5S}",
            initialDelayString = "${hostflow.notifications.poll-interval:PT5S}")
    void deliverDue() {
        if (!settings.senderEnabled()) {
            return;
        }
        JavaMailSender mail = mailSenders.getIfAvailable();
        if (mail == null) {
            if (toldNoServer.compareAndSet(false, true)) {
                log.warn("no mail server is configured (spring.mail.host / HOSTFLOW_MAIL_HOST): notifications wait"
                        + " in the outbox");
            }
            return;
        }
        List<OutboxClaims.Claimed> batch;
        do {
            batch = claims.claim(node, settings.batchSize());
            deliver(mail, batch);
        } while (batch.size() == settings.batchSize());
    }

    /** Sends a batch over one SMTP connection; each row is then marked by its own outcome. */
    private void deliver(JavaMailSender mail, List<OutboxClaims.Claimed> batch) {
        Map<MimeMessage, Prepared> ready = new LinkedHashMap<>();
        for (OutboxClaims.Claimed row : batch) {
            String subject = null;
            try {
                MailTemplates.RenderedMail rendered = templates.render(row.event(), row.language(),
                        addressedTo(row, json.readValue(row.modelJson(), MODEL)));
                subject = rendered.subject();
                ready.put(message(mail, row, rendered), new Prepared(row, subject));
            } catch (Exception e) {
                failed(row, subject, e);
            }
        }
        Map<MimeMessage, Exception> failures = MailBatch.send(mail, ready.keySet());
        for (Map.Entry<MimeMessage, Prepared> entry : ready.entrySet()) {
            Exception failure = failures.get(entry.getKey());
            if (failure == null) {
                sent(entry.getValue().row(), entry.getValue().subject());
            } else {
                failed(entry.getValue().row(), entry.getValue().subject(), failure);
            }
        }
    }

    /**
     * The client as the mail's header names it (the claim readdressed the row to the client as it is now): "Hello,
     * <name>" greets the name the mail goes to, not one the client has changed since the event.
     */
    private static Map<String, Object> addressedTo(OutboxClaims.Claimed row, Map<String, Object> model) {
        if (row.clientId() != null && model.get("client") instanceof Map<?, ?> client) {
            Map<String, Object> now = new LinkedHashMap<>();
            client.forEach((key, value) -> now.put(String.valueOf(key), value));
            now.put("name", row.recipientName());
            now.put("email", row.recipient());
            model.put("client", now);
        }
        return model;
    }

    /** A row rendered into a message, with the subject to record. */
    private record Prepared(OutboxClaims.Claimed row, String subject) {
    }

    private void sent(OutboxClaims.Claimed row, String subject) {
        try {
            claims.markSent(row, subject);
            meters.counter("hostflow.notifications.sent", "event", row.event()).increment();
            log.info("notification {} ({}) sent, attempt {}", row.id(), row.event(), row.attempts());
        } catch (RuntimeException e) {
            // sent but not marked: after the lease another round sends it again, with the same Message-ID
            log.warn("notification {} ({}) was sent but could not be marked: {}", row.id(), row.event(),
                    e.getMessage());
        }
    }

    private void failed(OutboxClaims.Claimed row, String subject, Exception e) {
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (row.attempts() >= settings.maxAttempts()) {
            if (claims.markFailed(row, subject, error, row.recipientName())) {
                meters.counter("hostflow.notifications.failed", "event", row.event()).increment();
            }
            log.warn("notification {} ({}) failed for good after {} attempts: {}", row.id(), row.event(),
                    row.attempts(), error);
        } else {
            Instant next = clock.instant().plus(settings.backoffAfter(row.attempts()));
            claims.markRetry(row, subject, error, next);
            meters.counter("hostflow.notifications.retries", "event", row.event()).increment();
            log.info("notification {} ({}) attempt {} failed, next at {}: {}", row.id(), row.event(),
                    row.attempts(), next, error);
        }
    }

    private MimeMessage message(JavaMailSender mail, OutboxClaims.Claimed row, MailTemplates.RenderedMail rendered)
            throws MessagingException, UnsupportedEncodingException {
        if (row.recipient() == null) {
            throw new MessagingException("no recipient");
        }
        MimeMessage message = mail.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, rendered.html() != null, "UTF-8");
        helper.setFrom(from(row.providerId()));
        helper.setTo(new InternetAddress(row.recipient(), oneLine(row.recipientName()), "UTF-8"));
        helper.setSubject(rendered.subject());
        if (rendered.html() != null) {
            helper.setText(rendered.text(), rendered.html());
        } else {
            helper.setText(rendered.text());
        }
        helper.setSentDate(Date.from(clock.instant()));
        // JavaMailSenderImpl keeps a Message-ID set before sending: the same key, the same id
        message.setHeader("Message-ID", row.messageId());
        message.setHeader("X-HostFlow-Notification", row.id() + " " + row.event());
        return message;
    }

    private InternetAddress from(Long providerId)
            throws jakarta.mail.internet.AddressException, UnsupportedEncodingException {
        String from = providerId == null ? null : catalog.providerMail(providerId)
                .map(CatalogLookup.ProviderMail::mailFrom).orElse(null);
        InternetAddress address = new InternetAddress(from == null ? settings.from() : from, true);
        if (address.getPersonal() != null) {
            address.setPersonal(oneLine(address.getPersonal()), "UTF-8");
        }
        return address;
    }

    /**
     * A name for a header, on one line: a name stored before the API refused line breaks (or written by hand) went
     * into the To or From header as it was, CR/LF and all; Jakarta Mail folded it, but the header held the break.
     */
    private static String oneLine(String name) {
        if (name == null) {
            return null;
        }
        String line = LINE_BREAKS.matcher(name).replaceAll(" ").strip();
        return line.isEmpty() ? null : line;
    }
}
