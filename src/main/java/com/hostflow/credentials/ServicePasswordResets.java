package com.hostflow.credentials;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.RequestKeys;
import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.modules.ModuleTypeRegistry;
import com.hostflow.services.OperationJournal;
import com.hostflow.services.ServiceAccess;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceQueries;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;

/**
 * Starts {@code ServicePasswordResetProcess}: the module sets a new root password (VMmanager: the host's password),
 * which reaches {@link ServiceCredentials} the way every module answer does, and the client is told.
 */
@Service
public class ServicePasswordResets {

    private static final Set<ServiceStatus> RESETTABLE = EnumSet.of(ServiceStatus.ACTIVE, ServiceStatus.SUSPENDED);
    private static final Logger log = LoggerFactory.getLogger(ServicePasswordResets.class);
    /** What a reset's Idempotency-Key is recorded as. */
    private static final String RESET_REQUEST = "reset-password";

    private final ServiceQueries services;
    private final CatalogLookup catalog;
    private final ModuleTypeRegistry moduleTypes;
    private final LifecycleEvents events;
    private final AuditLog audit;
    private final ServiceRepository rows;
    private final RequestKeys requestKeys;
    private final Clock clock;
    private final ServiceAccess access;
    private final OperationJournal journal;

    ServicePasswordResets(ServiceQueries services, CatalogLookup catalog, ModuleTypeRegistry moduleTypes,
            LifecycleEvents events, AuditLog audit, ServiceRepository rows, RequestKeys requestKeys, Clock clock,
            ServiceAccess access, OperationJournal journal) {
        this.services = services;
        this.access = access;
        this.journal = journal;
        this.requestKeys = requestKeys;
        this.rows = rows;
        this.clock = clock;
        this.catalog = catalog;
        this.moduleTypes = moduleTypes;
        this.events = events;
        this.audit = audit;
    }

    /** A reset asked for; {@code requestedBefore}: by an earlier request under its key, and nothing started now. */
    public record RequestedReset(String processInstanceId, boolean requestedBefore) {
    }

    /**
     * Asks for a reset under the client's Idempotency-Key (null: none): the same request sent again starts no second
     * reset (which would set another password, so the one the first set and told about would stop working) and
     * answers the first one's process instance. 404 for another client's service; 409 while another reset of the
     * service runs (whoever asked for it), when the service is not ACTIVE or SUSPENDED, is being deleted, or its
     * module cannot change passwords. The reset takes the service's turn like
     * every change of the service, so it never calls the module beside a deletion of it.
     *
     * @throws ConflictException when the key was used for a different request
     */
    @Transactional
    public RequestedReset requestReset(long serviceId, String idempotencyKey) {
        services.service(serviceId);
        // under the row lock a deletion takes when it is asked for: one accepted before is seen here, one after
        // finds this reset in the service's line before it
        ServiceInstance service = rows.findForUpdate(serviceId).orElseThrow();
        String request = Long.toString(serviceId);
        if (idempotencyKey != null) {
            Optional<Long> earlier = requestKeys.madeBefore(service.getClientId(), idempotencyKey, RESET_REQUEST,
                    request);
            if (earlier.isPresent()) {
                return new RequestedReset(Long.toString(earlier.get()), true);
            }
        }
        // one reset at a time: a second (a double click, a retry without a key) would set another password and
        // mail it again, and only the last one would work; under the row lock two requests at once see each other
        List<String> running = events.running(ServicePasswordResetProcess.KEY, serviceId);
        if (!running.isEmpty()) {
            throw new ConflictException("a password reset of service " + serviceId + " is already running (process"
                    + " instance " + running.get(0) + "); a new one can be asked for once it has ended");
        }
        if (service.isBeingDeleted(clock.instant())) {
            throw new ConflictException("service " + serviceId + " " + service.deletionState());
        }
        if (!RESETTABLE.contains(service.getStatus())) {
            throw new ConflictException("service " + serviceId + " is " + service.getStatus()
                    + "; a password can be reset while it is ACTIVE or SUSPENDED");
        }
        boolean supported = service.getProcessingModuleId() != null && catalog
                .processingModule(service.getProcessingModuleId())
                .flatMap(module -> moduleTypes.descriptor(module.moduleType()))
                .map(descriptor -> descriptor.supports(ModuleOperation.RESET_PASSWORD)).orElse(false);
        if (!supported) {
            throw new ConflictException("the processing module of service " + serviceId
                    + " cannot change passwords");
        }
        audit.record(AuditAction.EXECUTE, "service", serviceId, null, Map.of("action", "reset-password"));
        String instance = events.start(ServicePasswordResetProcess.KEY, serviceId,
                Map.of(ServicePasswordResetProcess.SERVICE_ID, serviceId));
        log.info("password reset of service {} started as process instance {}", serviceId, instance);
        if (access.callerIsClient()) { // an admin's reset refused is not the client's to see
            journal.askedByClient(serviceId, ModuleOperation.RESET_PASSWORD.feature(), instance);
        }
        if (idempotencyKey != null) {
            requestKeys.record(service.getClientId(), idempotencyKey, RESET_REQUEST, request, number(instance));
        }
        return new RequestedReset(instance, false);
    }

    /**
     * Whether the service is being deleted: deleted already, or an admin's deletion asked for while the module
     * changed its password is due (Task_ReadWhetherBeingDeleted).
     */
    @Transactional(readOnly = true)
    public boolean beingDeleted(long serviceId) {
        ServiceInstance service = rows.findById(serviceId).orElseThrow();
        return service.isDeletedOrBeingDeleted(clock.instant());
    }

    /** The engine's ids are numbers from a sequence (EngineIds), so a process instance fits the key's result. */
    private static long number(String processInstanceId) {
        try {
            return Long.parseLong(processInstanceId);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("process instance id " + processInstanceId + " is not a number: the"
                    + " engine does not use EngineIds", e);
        }
    }
}
