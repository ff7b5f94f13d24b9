package com.hostflow.lifecycle.deletion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.audit.AuditAction;
import com.hostflow.audit.AuditLog;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ClientDeletion;
import com.hostflow.catalog.OnClientDelete;
import com.hostflow.catalog.ProductTypeRules;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.services.ClientContacts;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;
import com.hostflow.services.SuspensionReason;

/**
 * Deleting services: an admin deletes at once; a client as the product type allows (allowed, prohibited, or after
 * phone verification) and when it says (at once or at the end of the paid period, waiting on a timer that shows in
 * Cockpit and can be cancelled there); the billing run deletes services suspended for BILLING longer than their
 * product type's auto-deletion days.
 */
@Service
public class ServiceDeletions {

    private final ServiceRepository services;
    private final CatalogLookup catalog;
    private final RuntimeService runtime;
    private final AuditLog audit;
    private final PhoneVerification phoneVerification;
    private final ClientContacts clientContacts;
    private final Clock clock;

    ServiceDeletions(ServiceRepository services, CatalogLookup catalog, RuntimeService runtime, AuditLog audit,
            PhoneVerification phoneVerification, ClientContacts clientContacts, Clock clock) {
        this.services = services;
        this.catalog = catalog;
        this.runtime = runtime;
        this.audit = audit;
        this.phoneVerification = phoneVerification;
        this.clientContacts = clientContacts;
        this.clock = clock;
    }

    /** Sends the client the code that confirms deleting a service of a PHONE_VERIFIED product type. */
    @Transactional
    public Instant sendDeletionCode(long serviceId) {
        ServiceInstance service = deletable(serviceId);
        ProductTypeRules rules = rulesOf(service);
        if (rules.clientDeletion() != ClientDeletion.PHONE_VERIFIED) {
            throw new ConflictException("services of product type " + rules.code() + " are deleted without a code");
        }
        String phone = clientContacts.contact(service.getClientId()).map(ClientContacts.Contact::phone).orElse(null);
        return phoneVerification.send(serviceId, phone);
    }

    /** An admin deletes the service at once; a deletion waiting for the end of the paid period is replaced. */
    @Transactional
    public void deleteByAdmin(long serviceId) {
        ServiceInstance service = deletable(serviceId);
        ProcessInstance waiting = runningDeletion(serviceId);
        if (waiting != null) {
            runtime.deleteProcessInstance(waiting.getId(), "replaced by an admin deletion at once");
        }
        audit.record(AuditAction.DELETE, "service", serviceId, null, Map.of("status", service.getStatus().name()));
        start(service, null);
    }

    /** The client deletes its service as the product type allows; answers when the deletion happens. */
    @Transactional
    public Instant deleteByClient(long serviceId, String verificationCode) {
        ServiceInstance service = deletable(serviceId);
        if (runningDeletion(serviceId) != null) {
            throw new ConflictException("service " + serviceId + " is being deleted already");
        }
        ProductTypeRules rules = rulesOf(service);
        if (rules.clientDeletion() == ClientDeletion.PROHIBITED) {
            throw new ConflictException("services of product type " + rules.code() + " cannot be deleted by clients");
        }
        if (rules.clientDeletion() == ClientDeletion.PHONE_VERIFIED) {
            phoneVerification.consume(serviceId, verificationCode);
        }
        Instant now = clock.instant();
        Instant deleteAt = rules.onClientDelete() == OnClientDelete.END_OF_PAID_PERIOD
                && service.getPaidUntil() != null && service.getPaidUntil().isAfter(now) ? service.getPaidUntil()
                : null;
        start(service, deleteAt);
        return deleteAt == null ? now : deleteAt;
    }

    /**
     * One batch of the billing run: of the services suspended for BILLING (after {@code afterId}, in id order), those
     * suspended longer than their product type's auto-deletion days are deleted at once. Answers the ids looked at.
     */
    @Transactional
    public List<Long> deleteOverdueBatch(long afterId, int size) {
        Instant now = clock.instant();
        List<ServiceInstance> batch = services.suspendedForBilling(afterId, PageRequest.of(0, size));
        for (ServiceInstance service : batch) {
            int days = catalog.productType(service.getProductType()).map(ProductTypeRules::autoDeletionDays).orElse(0);
            Instant since = service.getSuspensions().get(SuspensionReason.BILLING);
            if (days > 0 && !since.plus(Duration.ofDays(days)).isAfter(now) && runningDeletion(service.getId()) == null) {
                start(service, null);
            }
        }
        return batch.stream().map(ServiceInstance::getId).toList();
    }

    @Transactional
    public void markDeleted(long serviceId) {
        service(serviceId).changeStatus(ServiceStatus.DELETED, clock.instant());
    }

    private void start(ServiceInstance service, Instant deleteAt) {
        boolean inModule = service.getProcessingModuleId() != null && service.getStatus() != ServiceStatus.ORDERED;
        Map<String, Object> variables = new HashMap<>();
        variables.put(ServiceDeletionProcess.SERVICE_ID, service.getId());
        variables.put(ServiceDeletionProcess.DELETE_AT, deleteAt == null ? null : Date.from(deleteAt));
        variables.put(ServiceDeletionProcess.IN_MODULE, inModule);
        runtime.startProcessInstanceByKey(ServiceDeletionProcess.KEY, Long.toString(service.getId()), variables);
    }

    private ProcessInstance runningDeletion(long serviceId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(ServiceDeletionProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).active().singleResult();
    }

    private ProductTypeRules rulesOf(ServiceInstance service) {
        return catalog.productType(service.getProductType()).orElseThrow(
                () -> new IllegalStateException("unknown product type " + service.getProductType()));
    }

    private ServiceInstance deletable(long serviceId) {
        ServiceInstance service = service(serviceId);
        if (service.getStatus() == ServiceStatus.DELETED) {
            throw new ConflictException("service " + serviceId + " is deleted already");
        }
        return service;
    }

    private ServiceInstance service(long serviceId) {
        return services.findById(serviceId).orElseThrow(() -> new NotFoundException("service", serviceId));
    }
}
