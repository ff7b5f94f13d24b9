package com.hostflow.lifecycle.resume;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.lifecycle.suspension.ReasonsInLine;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;
import com.hostflow.services.SuspensionReason;

/**
 * Lifting suspension reasons, as ServiceResumeProcess does it: when no reason would be left the module starts the
 * service first, and only then are the reasons lifted, so a failed start leaves the service suspended with its
 * reasons, to be resumed again.
 */
@Service
public class ServiceResumes {

    /** what a resume without a reason lifts: everything but BILLING, which a payment lifts */
    static final Set<SuspensionReason> LIFTED_BY_DEFAULT = EnumSet.of(SuspensionReason.ADMIN,
            SuspensionReason.ABUSE, SuspensionReason.RESTART_FAILED);

    private final ServiceRepository services;
    private final LifecycleEvents events;
    private final AuditLog audit;
    private final Clock clock;
    private final ReasonsInLine reasonsInLine;

    ServiceResumes(ServiceRepository services, LifecycleEvents events, AuditLog audit, Clock clock,
            ReasonsInLine reasonsInLine) {
        this.services = services;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.reasonsInLine = reasonsInLine;
    }

    /**
     * An admin lifts the given reasons, or when none is given every reason that is not about money (ADMIN, ABUSE
     * and RESTART_FAILED, a paid service whose start the module refused: its resume is the start tried again); 409
     * when none of them is in force or about to be by a suspension in the service's line.
     */
    @Transactional
    public void requestResume(long serviceId, Set<SuspensionReason> reasons, String comment) {
        // under the row lock a deletion takes when it is asked for: one accepted before is seen here
        ServiceInstance service = services.findForUpdate(serviceId)
                .orElseThrow(() -> new NotFoundException("service", serviceId));
        if (service.isBeingDeleted(clock.instant())) {
            throw new ConflictException("service " + serviceId + " " + service.deletionState());
        }
        Set<SuspensionReason> asked = reasons == null || reasons.isEmpty()
                ? LIFTED_BY_DEFAULT : EnumSet.copyOf(reasons);
        // a suspension still in line counts as in force: the resumption lifts its reason after it
        Set<SuspensionReason> expected = reasonsInLine.expected(service);
        Set<SuspensionReason> lifted = asked.stream().filter(expected::contains)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(SuspensionReason.class)));
        if (lifted.isEmpty()) {
            throw new ConflictException("service " + serviceId + " is not suspended for " + asked);
        }
        String names = lifted.stream().map(Enum::name).collect(Collectors.joining(","));
        Map<String, String> change = new LinkedHashMap<>();
        change.put("reasons", names);
        if (comment != null) {
            change.put("comment", comment);
        }
        audit.record(AuditAction.RESUME, "service", serviceId, null, change);
        events.start(ServiceResumeProcess.KEY, serviceId, Map.of(ServiceResumeProcess.SERVICE_ID, serviceId,
                ServiceResumeProcess.REASONS, names));
    }

    /** What lifting the reasons would come to; see {@link ServiceResumeProcess#RESUME_STATE}. */
    @Transactional(readOnly = true)
    public String state(long serviceId, String reasons) {
        ServiceInstance service = service(serviceId);
        Set<SuspensionReason> lifted = SuspensionReason.parseNames(reasons);
        if (service.isDeleted()) {
            return "GONE";
        }
        if (service.getStatus() != ServiceStatus.SUSPENDED || lifted.stream().noneMatch(service::isSuspendedFor)) {
            return "NOTHING";
        }
        return lifted.containsAll(service.getSuspensionReasons()) ? "RESUMES" : "STAYS";
    }

    /**
     * Lifts the reasons; the service becomes ACTIVE when none is left (the module has started it). Answers whether
     * the service is being deleted (a deletion asked for while the module started it is due, or done): its client
     * then hears of the deletion, not that it runs again, as a suspension's client does.
     */
    @Transactional
    public boolean lift(long serviceId, String reasons) {
        ServiceInstance service = service(serviceId);
        if (service.isDeleted()) {
            return true;
        }
        Instant now = clock.instant();
        Set<SuspensionReason> lifted = SuspensionReason.parseNames(reasons);
        if (lifted.contains(SuspensionReason.BILLING) && service.isSuspendedFor(SuspensionReason.BILLING)
                && service.getPaidUntil() != null && service.getPaidUntil().isBefore(now)) {
            // an admin's grace, not a payment (that moved paid-until on first): the days the service stood still are
            // written off, as a payment while suspended writes them off, and the charge on payment counts from now
            service.paidUntil(now, service.getBillingDay(), now);
        }
        lifted.forEach(reason -> service.removeSuspension(reason, now));
        if (service.getSuspensionReasons().isEmpty() && service.getStatus() == ServiceStatus.SUSPENDED) {
            service.changeStatus(ServiceStatus.ACTIVE, now);
        }
        return service.isBeingDeleted(now);
    }

    private ServiceInstance service(long serviceId) {
        return services.findById(serviceId).orElseThrow(() -> new NotFoundException("service", serviceId));
    }
}
