package com.hostflow.lifecycle.suspension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.catalog.BusinessCalendarService;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ProductTypeRules;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.InvalidInputException;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;
import com.hostflow.services.SuspensionReason;

/**
 * Putting a suspension reason in force, step by step as ServiceSuspensionProcess runs it. The facts here feed the
 * SuspensionTiming table and the process's gateways; when to suspend is the table's business, not Java's. Reasons
 * combine: a service already stopped for one reason only gets the new reason written; a running one is stopped by
 * the module first and gets its reason only once the module confirmed.
 */
@Service
public class ServiceSuspensions {

    private static final Set<ServiceStatus> SUSPENDABLE = EnumSet.of(ServiceStatus.ACTIVE, ServiceStatus.SUSPENDED);
    /** what a person suspends for; BILLING comes from the prolongation, RESTART_FAILED from a refused start */
    public static final Set<SuspensionReason> ASKED_FOR = EnumSet.of(SuspensionReason.ADMIN, SuspensionReason.ABUSE);

    private final ServiceRepository services;
    private final CatalogLookup catalog;
    private final BusinessCalendarService calendars;
    private final LifecycleEvents events;
    private final AuditLog audit;
    private final Clock clock;
    private final JdbcTemplate jdbc;
    private final ReasonsInLine reasonsInLine;

    ServiceSuspensions(ServiceRepository services, CatalogLookup catalog, BusinessCalendarService calendars,
            LifecycleEvents events, AuditLog audit, Clock clock, JdbcTemplate jdbc, ReasonsInLine reasonsInLine) {
        this.services = services;
        this.catalog = catalog;
        this.calendars = calendars;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.jdbc = jdbc;
        this.reasonsInLine = reasonsInLine;
    }

    /** Facts for the SuspensionTiming table. */
    public record Facts(Instant dueAt, int graceDays, boolean noSuspendOnWeekends) {
    }

    /** An admin suspends the service for ADMIN or ABUSE; 409 when it cannot be suspended for that reason now. */
    @Transactional
    public void requestSuspension(long serviceId, SuspensionReason reason, String comment) {
        if (!ASKED_FOR.contains(reason)) {
            throw new InvalidInputException("reason", "must be ADMIN or ABUSE; BILLING suspensions come from the"
                    + " billing run, RESTART_FAILED from a start the module refused");
        }
        // under the row lock a deletion takes when it is asked for: one accepted before is seen here
        ServiceInstance service = services.findForUpdate(serviceId)
                .orElseThrow(() -> new NotFoundException("service", serviceId));
        if (service.isBeingDeleted(clock.instant())) {
            throw new ConflictException("service " + serviceId + " " + service.deletionState());
        }
        if (!SUSPENDABLE.contains(service.getStatus())) {
            throw new ConflictException("service " + serviceId + " is " + service.getStatus()
                    + " and cannot be suspended");
        }
        // a resumption in line lifts the reason first: suspending again after it is no longer a repeat
        Set<SuspensionReason> expected = reasonsInLine.expected(service);
        if (expected.contains(reason)) {
            throw new ConflictException("service " + serviceId + " is already suspended for " + reason);
        }
        if (service.getProcessingModuleId() == null && expected.isEmpty()) {
            // its set-up never chose a module (an admin moved the order past it in Cockpit): the module call that
            // stops it would fail (a service stopped already only gets the reason added)
            throw new ConflictException("service " + serviceId + " is in no processing module (its set-up never"
                    + " chose one) and cannot be suspended");
        }
        audit.record(AuditAction.SUSPEND, "service", serviceId, null, change(reason.name(), comment));
        events.start(ServiceSuspensionProcess.KEY, serviceId, Map.of(ServiceSuspensionProcess.SERVICE_ID, serviceId,
                ServiceSuspensionProcess.REASON, reason.name()));
    }

    /** When the suspension became due (the end of the paid period for BILLING, now otherwise) and the product rules. */
    @Transactional(readOnly = true)
    public Facts facts(long serviceId, SuspensionReason reason) {
        ServiceInstance service = service(serviceId);
        ProductTypeRules rules = catalog.productType(service.getProductType()).orElseThrow();
        Instant now = clock.instant();
        Instant dueAt = reason == SuspensionReason.BILLING && service.getPaidUntil() != null
                && service.getPaidUntil().isBefore(now) ? service.getPaidUntil() : now;
        return new Facts(dueAt, rules.suspensionGraceDays(), rules.noSuspendOnWeekends());
    }

    /**
     * When the suspension may happen, following the SuspensionTiming table's answer: {@code delayDays} after it
     * became due, and on a working day of the provider's calendar when {@code workingDayOnly}; null for at once.
     */
    @Transactional(readOnly = true)
    public Date notBefore(long serviceId, Instant dueAt, int delayDays, boolean workingDayOnly) {
        Instant now = clock.instant();
        Instant at = dueAt.plus(Duration.ofDays(Math.max(delayDays, 0)));
        if (at.isBefore(now)) {
            at = now;
        }
        if (workingDayOnly) {
            at = calendars.workingDays(service(serviceId).getProviderId()).workingTimeFrom(at);
        }
        return at.isAfter(now) ? Date.from(at) : null;
    }

    /**
     * Whether a deletion of the service is on record, read under its row lock: a deletion takes that lock when it is
     * asked for and tells the service's waits in the same transaction, so a suspension about to wait for its day
     * either sees it here or is told once its wait has begun.
     */
    @Transactional
    public boolean deletionPending(long serviceId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select delete_at is not null or status = 'DELETED'"
                + " from hostflow.service where id = ? for update", Boolean.class, serviceId));
    }

    /** RUNNING (the module must stop it), STOPPED (suspended for another reason already) or GONE (deleted). */
    @Transactional(readOnly = true)
    public String state(long serviceId) {
        ServiceInstance service = service(serviceId);
        if (service.isDeleted() || !SUSPENDABLE.contains(service.getStatus())) {
            return "GONE";
        }
        return service.getStatus() == ServiceStatus.SUSPENDED ? "STOPPED" : "RUNNING";
    }

    /**
     * The service is stopped (by the module, or already for another reason): the reason is in force. Answers whether
     * the service is being deleted (a deletion asked for while the module stopped it is due, or done): its client
     * then hears of the deletion, not of the suspension. A deletion asked for now changes the row this writes, so
     * one of the two waits for the other (the version, or the deletion's row lock) and this sees it or comes first.
     */
    @Transactional
    public boolean markSuspended(long serviceId, SuspensionReason reason) {
        ServiceInstance service = service(serviceId);
        if (service.isDeleted()) {
            return true;
        }
        Instant now = clock.instant();
        service.addSuspension(reason, now);
        service.changeStatus(ServiceStatus.SUSPENDED, now);
        return service.isBeingDeleted(now);
    }

    private ServiceInstance service(long serviceId) {
        return services.findById(serviceId).orElseThrow(() -> new NotFoundException("service", serviceId));
    }

    private static Map<String, String> change(String reasons, String comment) {
        Map<String, String> change = new LinkedHashMap<>();
        change.put("reasons", reasons);
        if (comment != null) {
            change.put("comment", comment);
        }
        return change;
    }
}
