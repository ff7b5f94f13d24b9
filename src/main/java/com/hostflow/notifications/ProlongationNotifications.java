package com.hostflow.notifications;

import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.hostflow.lifecycle.prolongation.ServiceProlonged;

/**
 * "Renewed until ..., ... charged, balance now ...": every prolongation that charged money, the billing run's and the
 * client's own (as BILLmanager mails both), one mail per prolongation however many periods it charged. Written to
 * the outbox as the charge happens, in its transaction, so the mail shows the balance right after this charge (a
 * billing run charges several services of a client in one transaction), exists exactly when the charge does, and is
 * written once: the key is the prolongation's first charge's, which a job run again after a node restart repeats.
 */
@Component
class ProlongationNotifications {

    static final String TEMPLATE = "service-prolonged";

    private final Notifications notifications;

    ProlongationNotifications(Notifications notifications) {
        this.notifications = notifications;
    }

    @EventListener
    void onProlonged(ServiceProlonged prolonged) {
        notifications.enqueue(new NotificationRequest("prolonged-" + prolonged.firstChargeKey(), TEMPLATE, null,
                prolonged.serviceId(), null, Map.of("amount", prolonged.amount())));
    }
}
