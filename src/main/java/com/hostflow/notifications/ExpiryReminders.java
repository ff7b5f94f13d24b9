package com.hostflow.notifications;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ProductTypeRules;
import com.hostflow.lifecycle.reminders.ExpiryReminderPlanning;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;

/**
 * When a client is reminded that a paid period ends: the product type's {@code expiryReminderDays} (e.g. 3 and 1)
 * before the service's paid-until, only those still ahead. For the models as
 * {@code ${expiryReminders.next(serviceId)}}: ServiceExpiryReminderProcess waits for it, then its "Notify the client"
 * task sends {@code service-expiring}.
 */
@Component("expiryReminders")
public class ExpiryReminders {

    private final ServiceRepository services;
    private final CatalogLookup catalog;
    private final ExpiryReminderPlanning planning;
    private final Clock clock;

    ExpiryReminders(ServiceRepository services, CatalogLookup catalog, ExpiryReminderPlanning planning, Clock clock) {
        this.services = services;
        this.catalog = catalog;
        this.planning = planning;
        this.clock = clock;
    }

    /** For the reminder's text ({@code params.nextPeriodPrice}): what the next period costs, add-ons included. */
    @Transactional
    public BigDecimal nextPeriodPrice(Object serviceId) {
        return planning.shortfall(Long.parseLong(serviceId.toString())).price();
    }

    /**
     * For the reminder's text ({@code params.missing}): how much the balance lacks for the next period, after the
     * client's services charged before it ({@link ExpiryReminderPlanning#shortfall}).
     */
    @Transactional
    public BigDecimal missing(Object serviceId) {
        return planning.shortfall(Long.parseLong(serviceId.toString())).missing();
    }

    /**
     * The next reminder still ahead, for a timer's timeDate ({@code ServiceExpiryReminderProcess}); null when none is
     * left.
     */
    @Transactional(readOnly = true)
    public Date next(Object serviceId) {
        List<String> due = dueDates(serviceId);
        return due.isEmpty() ? null : Date.from(Instant.parse(due.get(0)));
    }

    /** ISO-8601 instants (a timer's timeDate), earliest first; empty without a paid-until. */
    @Transactional(readOnly = true)
    public List<String> dueDates(Object serviceId) {
        ServiceInstance service = services.findById(Long.valueOf(serviceId.toString())).orElse(null);
        if (service == null || service.getPaidUntil() == null) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Integer> days = catalog.productType(service.getProductType())
                .map(ProductTypeRules::expiryReminderDays).orElse(List.of());
        return days.stream().map(n -> service.getPaidUntil().minus(Duration.ofDays(n)))
                .filter(at -> at.isAfter(now)).sorted(Comparator.naturalOrder()).map(Instant::toString).toList();
    }
}
