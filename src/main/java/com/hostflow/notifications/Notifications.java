package com.hostflow.notifications;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.clients.ClientAccess;
import com.hostflow.clients.ClientService;
import com.hostflow.common.database.AfterCommit;
import com.hostflow.common.mail.MailAddresses;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.IntegrityViolation;
import com.hostflow.common.web.NotFoundException;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The outbox: {@link #enqueue} writes one row per event in the transaction of the event (it refuses to run without
 * one), so the notification exists exactly when the event does; {@link NotificationSender} delivers it later, on any
 * node. A second request with the same idempotency key writes nothing. A client without an e-mail address gets a
 * SKIPPED row that says so.
 */
@Service
public class Notifications {

    static final String NO_ADDRESS = "the client has no e-mail address";

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    /** The unique constraint on a notification's idempotency key (V61). */
    private static final String KEY_CONSTRAINT = "uq_notification_key";

    private final NotificationRepository notifications;
    private final NotificationModels models;
    private final MailTemplates templates;
    private final ClientAccess clientAccess;
    private final ClientService clients;
    private final NotificationSettings settings;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    Notifications(NotificationRepository notifications, NotificationModels models, MailTemplates templates,
            ClientAccess clientAccess, ClientService clients, NotificationSettings settings, MeterRegistry meters,
            Clock clock) {
        this.notifications = notifications;
        this.models = models;
        this.templates = templates;
        this.clientAccess = clientAccess;
        this.clients = clients;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Writes the notification of one event to a client in the caller's transaction; the same key again answers the
     * row written the first time and writes nothing.
     *
     * @throws MailTemplates.TemplateProblem for an unknown template
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Notification enqueue(NotificationRequest request) {
        requireTemplate(request.template());
        Optional<Notification> known = notifications.findByIdempotencyKey(request.idempotencyKey());
        if (known.isPresent()) {
            log.debug("notification {} was queued before as {}", request.idempotencyKey(), known.get().getId());
            return known.get();
        }
        NotificationModels.Built built = models.build(request);
        return write(request.idempotencyKey(), request.template(), new Recipient(built.client().getId(),
                built.client().getEmail(), built.client().getName(), built.client().getLanguage()), built.serviceId(),
                built.providerId(), built.model());
    }

    /** The client a notification goes to, as its row records them. */
    record Recipient(long clientId, String email, String name, String language) {
    }

    /**
     * Writes a notification whose model the caller built (the billing run's renewals) in the caller's transaction;
     * the caller looked for its key before. A client without an address gets a SKIPPED row that says so.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Notification write(String idempotencyKey, String template, Recipient to, Long serviceId, Long providerId,
            Map<String, Object> model) {
        Notification notification = new Notification(idempotencyKey, template, to.clientId(), serviceId, providerId,
                blankToNull(to.email()), to.name(), to.language(), toJson(model), messageId(idempotencyKey),
                clock.instant());
        if (to.email() == null || to.email().isBlank()) {
            notification.skip(NO_ADDRESS);
        }
        notification.subject(subjectNow(template, to.language(), model));
        Notification saved = saveOnce(notification);
        long id = saved.getId();
        long clientId = to.clientId();
        String status = saved.getStatus().name().toLowerCase();
        String outcome = saved.getStatus() == NotificationStatus.SKIPPED ? NO_ADDRESS : "queued";
        // counted and said once the event's transaction committed: one that loses a race is rolled back with its mail
        AfterCommit.run(() -> {
            meters.counter("hostflow.notifications.queued", "event", template, "status", status).increment();
            log.info("notification {} ({}) for client {}: {}", id, template, clientId, outcome);
        });
        return saved;
    }

    /**
     * Writes the notification; a concurrent transaction that wrote its key since the look for it (the same step run
     * twice at once: a client's cancellation of an unpaid order and the order's pay-before timer both moving its
     * process on) is a concurrent change, which the loser runs again and then finds done. It was a failure of its
     * own: the timer's job used up a retry and logged an error.
     */
    private Notification saveOnce(Notification notification) {
        try {
            return notifications.save(notification);
        } catch (DataIntegrityViolationException e) {
            if (!IntegrityViolation.duplicateOf(e, KEY_CONSTRAINT)) {
                throw e;
            }
            throw new ConcurrencyFailureException("notification " + notification.getIdempotencyKey()
                    + " was queued by a concurrent transaction", e);
        }
    }

    /** A notification to a member of staff (e.g. a department task past its due date), in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Notification> enqueueToStaff(String idempotencyKey, String template, String email, String name,
            Map<String, Object> model) {
        requireTemplate(template);
        if (notifications.existsByIdempotencyKey(idempotencyKey)) {
            return Optional.empty();
        }
        Notification notification = new Notification(idempotencyKey, template, null, null, null, blankToNull(email),
                name, MailTemplates.DEFAULT_LANGUAGE, toJson(model), messageId(idempotencyKey), clock.instant());
        if (email == null || !MailAddresses.isValid(email)) {
            notification.skip("the user has no valid e-mail address");
        }
        return Optional.of(notifications.save(notification));
    }

    /** What was sent to a client, newest first; 404 for another client's id. */
    @Transactional(readOnly = true)
    public Page<Notification> forClient(long clientId, int page, int size) {
        clientAccess.requireVisible(clientId);
        return notifications.forClient(clientId, PageRequest.of(page, size));
    }

    @Transactional(readOnly = true)
    public Page<Notification> withStatus(NotificationStatus status, int page, int size) {
        return notifications.withStatus(status, PageRequest.of(page, size));
    }

    @Transactional(readOnly = true)
    public Notification notification(long id) {
        return notifications.findById(id).orElseThrow(() -> new NotFoundException("notification", id));
    }

    /** Another round of attempts for a FAILED (or HANDLED) notification, e.g. after the client's address was fixed. */
    @Transactional
    public Notification sendAgain(long id) {
        Notification notification = notification(id);
        if (notification.getStatus() != NotificationStatus.FAILED
                && notification.getStatus() != NotificationStatus.HANDLED) {
            throw new ConflictException("notification " + id + " is " + notification.getStatus()
                    + "; only a FAILED or HANDLED one is sent again");
        }
        notification.sendAgain(clock.instant());
        if (notification.getClientId() != null) {
            notification.readdress(blankToNull(clients.client(notification.getClientId()).getEmail()));
        }
        log.info("notification {} will be sent again", id);
        return notification;
    }

    /** Staff told the client by other means: the FAILED notification is done with. */
    @Transactional
    public void handledByHand(long id) {
        Notification notification = notification(id);
        if (notification.getStatus() == NotificationStatus.FAILED) {
            notification.handledByHand();
        }
    }

    /** The subject as the template says it now, for the lists; the sender renders it again when it sends. */
    private String subjectNow(String template, String language, Map<String, Object> model) {
        try {
            return OutboxClaims.truncate(templates.renderSubject(template, language, model), 500);
        } catch (MailTemplates.TemplateProblem e) {
            log.warn("notification template {} does not render yet: {}", template, e.getMessage());
            return null;
        }
    }

    public boolean templateExists(String template) {
        return templates.exists(template);
    }

    /**
     * Whether the template is written to staff (an overdue task, an operation a module refused): its text reads facts
     * of a task or of the admins' view that a client's notification does not carry, and it is no mail for a client.
     */
    public static boolean forStaff(String template) {
        return OverdueTaskNotifications.TEMPLATE.equals(template)
                || RefusedOperationNotifications.TEMPLATE.equals(template);
    }

    /** What a manual notification of this template must carry ({@link MailTemplates#needs}). */
    public MailTemplates.Needs templateNeeds(String template) {
        return templates.needs(template);
    }

    private void requireTemplate(String template) {
        if (!templates.exists(template)) {
            throw new MailTemplates.TemplateProblem("unknown notification template '" + template + "'; known: "
                    + templates.names());
        }
    }

    /**
     * The mail's Message-ID, made from the idempotency key: a mail sent twice (a crash between the SMTP answer and
     * the outbox's mark) carries the same id both times, so mail systems and people can tell it is one message.
     */
    String messageId(String idempotencyKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(digest, 0, 16) + ".notification@" + mailDomain() + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private String mailDomain() {
        String from = settings.from();
        int at = from.lastIndexOf('@');
        String domain = at < 0 ? "hostflow.invalid" : from.substring(at + 1).replace(">", "").trim();
        return domain.isEmpty() ? "hostflow.invalid" : domain;
    }

    private String toJson(Map<String, Object> model) {
        try {
            return json.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the notification's model", e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
