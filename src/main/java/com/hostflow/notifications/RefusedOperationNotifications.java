package com.hostflow.notifications;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.security.Roles;
import com.hostflow.services.OperationJournal;
import com.hostflow.services.RefusedOperation;
import com.hostflow.services.ServiceStatus;

/**
 * Tells the admins that a lifecycle operation of a service did not happen (the module refused it, or it was given
 * up): one {@code operation-refused} mail to every admin, written to the outbox in the step's transaction, with the
 * service, its client, the operation, when, the module's reason and a link to the service's console page. The key
 * {@code <process instance>:<activity>:<user>} keeps a retried step from telling anyone twice.
 */
@Component
public class RefusedOperationNotifications {

    static final String TEMPLATE = "operation-refused";

    /** what the templates call each operation, by language */
    private static final Map<String, Map<String, String>> NAMES = Map.of(
            "suspend", Map.of("en", "suspension", "ru", "приостановка"),
            "resume", Map.of("en", "resumption", "ru", "возобновление"),
            "setparam", Map.of("en", "change of add-ons", "ru", "изменение параметров"),
            "reset_password", Map.of("en", "password reset", "ru", "смена пароля"),
            "close", Map.of("en", "deletion", "ru", "удаление"));

    /** the statuses of a service whose order is still under way */
    private static final Set<String> NOT_SET_UP = Set.of(ServiceStatus.ORDERED.name(), ServiceStatus.PROCESSING.name());

    private static final Logger log = LoggerFactory.getLogger(RefusedOperationNotifications.class);

    private final Notifications notifications;
    private final NotificationModels models;
    private final OperationJournal journal;
    private final IdentityService identity;
    private final NotificationSettings settings;

    RefusedOperationNotifications(Notifications notifications, NotificationModels models, OperationJournal journal,
            IdentityService identity, NotificationSettings settings) {
        this.notifications = notifications;
        this.models = models;
        this.journal = journal;
        this.identity = identity;
        this.settings = settings;
    }

    /** Answers how many admins were told now (0 when a retried step had told them already). */
    @Transactional(propagation = Propagation.MANDATORY)
    public int tellAdmins(long serviceId, String operation, String key) {
        Map<String, Object> refusal = new LinkedHashMap<>();
        refusal.put("operation", operation);
        Map<String, String> names = NAMES.getOrDefault(operation, Map.of("en", operation, "ru", operation));
        refusal.put("nameEn", names.get("en"));
        refusal.put("nameRu", names.get("ru"));
        List<RefusedOperation> refused = journal.refusals(List.of(serviceId), List.of(operation));
        refused.stream().findFirst().ifPresentOrElse(r -> {
            refusal.put("outcome", r.outcome().name());
            refusal.put("at", NotificationModels.TIME.format(r.at()));
            refusal.put("reason", r.reason());
        }, () -> {
            refusal.put("outcome", "FAILED");
            refusal.put("reason", "not done");
        });
        Map<String, Object> facts = models.build(new NotificationRequest(key, TEMPLATE, null, serviceId, null, null))
                .model();
        String status = facts.get("service") instanceof Map<?, ?> service ? String.valueOf(service.get("status"))
                : "";
        // the close of an order (deleted while it was set up, or its open failed): the order ends anyway, and what the
        // module made may still be there (a FAILED service's deletion tries the close again)
        refusal.put("orderCleanUp", "close".equals(operation) && NOT_SET_UP.contains(status));
        // the close of a deleted service (a FAILED one deleted, its close tried again): nothing is left to ask again
        refusal.put("serviceGone", "close".equals(operation) && ServiceStatus.DELETED.name().equals(status));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("event", TEMPLATE);
        model.put("client", facts.get("client"));
        model.put("service", facts.get("service"));
        model.put("refusal", refusal);
        model.put("url", settings.publicUrl() + "/console/services/" + serviceId);
        model.put("signature", "HostFlow");
        int told = 0;
        for (User admin : identity.createUserQuery().memberOfGroup(Roles.ADMIN_GROUP).list()) {
            Map<String, Object> mail = new LinkedHashMap<>(model);
            mail.put("user", Map.of("id", admin.getId(), "name", OverdueTaskNotifications.name(admin)));
            if (notifications.enqueueToStaff(key + ":" + admin.getId(), TEMPLATE, admin.getEmail(),
                    OverdueTaskNotifications.name(admin), mail).isPresent()) {
                told++;
            }
        }
        log.info("{} of service {} did not happen ({}): {} admins told", operation, serviceId,
                refusal.get("reason"), told);
        return told;
    }
}
