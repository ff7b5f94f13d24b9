package com.hostflow.notifications;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.clients.ClientService;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.RequestKeys;
import com.hostflow.services.ServiceRepository;

/** A notification an admin sends by hand through the API, checked like any request: 400 naming the field. */
@Service
public class ManualNotifications {

    /** What a notification's Idempotency-Key header is recorded as. */
    private static final String NOTIFICATION_REQUEST = "notification";

    private final Notifications notifications;
    private final ClientService clients;
    private final ServiceRepository services;
    private final NotificationRepository rows;
    private final JdbcTemplate jdbc;
    private final RequestKeys requestKeys;

    ManualNotifications(Notifications notifications, ClientService clients, ServiceRepository services,
            NotificationRepository rows, JdbcTemplate jdbc, RequestKeys requestKeys) {
        this.notifications = notifications;
        this.clients = clients;
        this.services = services;
        this.rows = rows;
        this.jdbc = jdbc;
        this.requestKeys = requestKeys;
    }

    /** A notification and whether the request's Idempotency-Key answered it (queued by the key's earlier request). */
    public record Sent(Notification notification, boolean before) {
    }

    @Transactional
    public Notification send(long clientId, String template, Long serviceId, String idempotencyKey,
            Map<String, String> params) {
        return send(clientId, template, serviceId, idempotencyKey, params, null).notification();
    }

    /**
     * {@link #send(long, String, Long, String, Map)} under the caller's {@code Idempotency-Key} header
     * ({@code requestKey}, null: none), checked first: the key's earlier request answers its notification and queues
     * nothing, another request under the key is 409. Then the body's {@code idempotencyKey} (null: a new one) as
     * before. The header key is kept in the client's namespace of keys, as an admin's credit's is.
     */
    @Transactional
    public Sent send(long clientId, String template, Long serviceId, String idempotencyKey,
            Map<String, String> params, String requestKey) {
        clients.client(clientId);
        String request = template + "|" + serviceId + "|" + idempotencyKey + "|"
                + (params == null ? null : new TreeMap<>(params));
        if (requestKey != null) {
            Optional<Long> earlier = requestKeys.madeBefore(clientId, requestKey, NOTIFICATION_REQUEST, request);
            if (earlier.isPresent()) {
                return new Sent(rows.findById(earlier.get()).orElseThrow(), true);
            }
        }
        Notification sent = queue(clientId, template, serviceId,
                idempotencyKey == null ? "manual-" + UUID.randomUUID() : idempotencyKey, params);
        if (requestKey != null) {
            requestKeys.record(clientId, requestKey, NOTIFICATION_REQUEST, request, sent.getId());
        }
        return new Sent(sent, false);
    }

    private Notification queue(long clientId, String template, Long serviceId, String idempotencyKey,
            Map<String, String> params) {
        FieldProblems problems = new FieldProblems()
                .addIf(!notifications.templateExists(template), "template", "no notification template is named '"
                        + template + "' (GET /api/v1/notification-templates lists them)")
                .addIf(Notifications.forStaff(template), "template", "the template " + template
                        + " is written to staff, not to a client")
                .addIf(RenewalMails.TEMPLATE.equals(template), "template", "the template " + template + " is written"
                        + " by the billing run from the charges it made, not by hand")
                .addIf(serviceId != null && services.findById(serviceId).filter(s -> s.getClientId() == clientId)
                        .isEmpty(), "serviceId", "client " + clientId + " has no service " + serviceId);
        if (params != null) {
            params.forEach((name, value) -> problems.addIf(value == null, "params." + name, "must not be null"));
        }
        MailTemplates.Needs needs = notifications.templateNeeds(template);
        problems.addIf(needs.service() && serviceId == null, "serviceId", "the template " + template
                + " shows a service's details: name the service");
        for (String required : needs.parameters()) {
            problems.addIf(params == null || !params.containsKey(required), "params." + required,
                    "the template " + template + " uses it; without it the mail would show a blank");
        }
        problems.throwIfAny();
        // one request per key at a time, to the end of the transaction: a second one sent at the same moment waits,
        // then finds the first's notification (it answered 409 "conflicts with existing data" on the unique key)
        jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?))", "hostflow.notification:" + idempotencyKey);
        // the key of another notification answered that one (another client's, 202) and sent nothing
        rows.findByIdempotencyKey(idempotencyKey).filter(earlier -> !Objects.equals(earlier.getClientId(), clientId)
                || !earlier.getEvent().equals(template) || !Objects.equals(earlier.getServiceId(), serviceId))
                .ifPresent(earlier -> {
                    throw new ConflictException("idempotencyKey " + idempotencyKey + " was used for another"
                            + " notification (" + earlier.getEvent() + " to client " + earlier.getClientId()
                            + "); use a new key");
                });
        return notifications.enqueue(new NotificationRequest(idempotencyKey, template, clientId, serviceId, null,
                params == null ? Map.of() : Map.copyOf(params)));
    }
}
