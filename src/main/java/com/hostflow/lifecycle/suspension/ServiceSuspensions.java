package com.hostflow.lifecycle.suspension;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ProductTypeRules;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.lifecycle.resume.ServiceResumeProcess;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;
import com.hostflow.services.SuspensionReason;

/**
 * Suspension reasons of a service and the processes that act on them. Reasons combine: the module suspends the
 * service on the first reason and resumes it only when the last one is lifted.
 */
@Service
public class ServiceSuspensions {

    private static final Set<ServiceStatus> SUSPENDABLE = EnumSet.of(ServiceStatus.ACTIVE, ServiceStatus.SUSPENDED);

    private final ServiceRepository services;
    private final CatalogLookup catalog;
    private final RuntimeService runtime;
    private final AuditLog audit;
    private final Clock clock;

    ServiceSuspensions(ServiceRepository services, CatalogLookup catalog, RuntimeService runtime, AuditLog audit,
            Clock clock) {
        this.services = services;
        this.catalog = catalog;
        this.runtime = runtime;
        this.audit = audit;
        this.clock = clock;
    }

    /** Starts ServiceSuspensionProcess for one reason; 409 when the service cannot be suspended for it now. */
    @Transactional
    public void requestSuspension(long serviceId, SuspensionReason reason, String comment) {
        ServiceInstance service = service(serviceId);
        if (!SUSPENDABLE.contains(service.getStatus())) {
            throw new ConflictException("service " + serviceId + " is " + service.getStatus()
                    + " and cannot be suspended");
        }
        if (service.isSuspendedFor(reason)) {
            throw new ConflictException("service " + serviceId + " is already suspended for " + reason);
        }
        if (reason != SuspensionReason.BILLING) {
            audit.record(AuditAction.SUSPEND, "service", serviceId, null, change(reason.name(), comment));
        }
        runtime.startProcessInstanceByKey(ServiceSuspensionProcess.KEY, Long.toString(serviceId), Map.of(
                ServiceSuspensionProcess.SERVICE_ID, serviceId, ServiceSuspensionProcess.REASON, reason.name()));
    }

    /**
     * Starts ServiceResumeProcess lifting the given reasons, or every reason an admin may lift (ADMIN, ABUSE) when
     * none is given; 409 when none of them is in force.
     */
    @Transactional
    public void requestResume(long serviceId, Set<SuspensionReason> reasons, String comment) {
        ServiceInstance service = service(serviceId);
        Set<SuspensionReason> asked = reasons == null || reasons.isEmpty()
                ? EnumSet.of(SuspensionReason.ADMIN, SuspensionReason.ABUSE) : EnumSet.copyOf(reasons);
        Set<SuspensionReason> lifted = asked.stream().filter(service::isSuspendedFor)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(SuspensionReason.class)));
        if (lifted.isEmpty()) {
            throw new ConflictException("service " + serviceId + " is not suspended for " + asked);
        }
        String names = lifted.stream().map(Enum::name).collect(Collectors.joining(","));
        if (!lifted.contains(SuspensionReason.BILLING)) {
            audit.record(AuditAction.RESUME, "service", serviceId, null, change(names, comment));
        }
        runtime.startProcessInstanceByKey(ServiceResumeProcess.KEY, Long.toString(serviceId), Map.of(
                ServiceResumeProcess.SERVICE_ID, serviceId, ServiceResumeProcess.REASONS, names));
    }

    /** When the suspension may happen: null for at once, else the next Monday for a weekend BILLING suspension. */
    @Transactional(readOnly = true)
    public Date suspensionNotBefore(long serviceId, SuspensionReason reason) {
        ServiceInstance service = service(serviceId);
        boolean noWeekends = catalog.productType(service.getProductType())
                .map(ProductTypeRules::noSuspendOnWeekends).orElse(false);
        return SuspensionCalendar.notBefore(clock.instant(), reason, noWeekends).map(Date::from).orElse(null);
    }

    /** Puts the reason in force; true when it is the first one and the module must suspend the service. */
    @Transactional
    public boolean addReason(long serviceId, SuspensionReason reason) {
        return service(serviceId).addSuspension(reason, clock.instant());
    }

    /** Takes back a reason whose suspension failed in the module. */
    @Transactional
    public void undoReason(long serviceId, SuspensionReason reason) {
        service(serviceId).removeSuspension(reason, clock.instant());
    }

    @Transactional
    public void markSuspended(long serviceId) {
        service(serviceId).changeStatus(ServiceStatus.SUSPENDED, clock.instant());
    }

    /** Lifts the reasons; true when none is left and the suspended service must be resumed in the module. */
    @Transactional
    public boolean removeReasons(long serviceId, String reasons) {
        ServiceInstance service = service(serviceId);
        Instant now = clock.instant();
        Arrays.stream(reasons.split(",")).map(String::trim).map(SuspensionReason::valueOf)
                .forEach(reason -> service.removeSuspension(reason, now));
        return service.getSuspensionReasons().isEmpty() && service.getStatus() == ServiceStatus.SUSPENDED;
    }

    @Transactional
    public void markActive(long serviceId) {
        service(serviceId).changeStatus(ServiceStatus.ACTIVE, clock.instant());
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
