package com.hostflow.notifications;

import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.clients.ClientService;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.services.ServiceRepository;

/** A notification an admin sends by hand through the API, checked like any request: 400 naming the field. */
@Service
public class ManualNotifications {

    private final Notifications notifications;
    private final ClientService clients;
    private final ServiceRepository services;
    private final NotificationRepository rows;
    private final JdbcTemplate jdbc;

    ManualNotifications(Notifications notifications, ClientService clients, ServiceRepository services,
            NotificationRepository rows, JdbcTemplate jdbc) {
        this.notifications = notifications;
        this.clients = clients;
        this.services = services;
        this.rows = rows;
        this.jdbc = jdbc;
    }

    @Transactional
    public Notification send(long clientId, String template, Long serviceId, String idempotencyKey,
            Map<String, String> params) {
        clients.client(clientId);
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
