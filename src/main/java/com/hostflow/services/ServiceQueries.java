package com.hostflow.services;

import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.catalog.TariffService;
import com.hostflow.common.web.NotFoundException;

/** Reads services and their journal for the REST API, honouring who may see what. */
@Service
@Transactional(readOnly = true)
public class ServiceQueries {

    private final ServiceRepository services;
    private final OperationJournalRepository journal;
    private final ServiceAccess access;
    private final OperationJournal operations;
    private final TariffService tariffs;

    ServiceQueries(ServiceRepository services, OperationJournalRepository journal, ServiceAccess access,
            OperationJournal operations, TariffService tariffs) {
        this.services = services;
        this.journal = journal;
        this.access = access;
        this.operations = operations;
        this.tariffs = tariffs;
    }

    public ServiceInstance service(long serviceId) {
        ServiceInstance service = services.findById(serviceId)
                .orElseThrow(() -> new NotFoundException("service", serviceId));
        access.checkCanRead(service);
        return service;
    }

    /**
     * A CLIENT filtering by a tariff it may not see (inactive, another provider's, unknown) gets 404 as GET
     * /tariffs/{id} answers, unless one of its own services is on it (a tariff made inactive after the order).
     */
    public Page<ServiceInstance> services(Long clientId, ServiceStatus status, Long tariffId, int page, int size) {
        Long client = access.restrictListToClient(clientId);
        if (tariffId != null && access.callerIsClient() && !tariffs.visible(tariffId)
                && !services.existsByClientIdAndTariffId(client, tariffId)) {
            throw new NotFoundException("tariff", tariffId);
        }
        return services.search(client, status, tariffId, PageRequest.of(page, size, Sort.by("id")));
    }

    /**
     * A list's {@code serviceId} filter: a CLIENT naming a service it may not read (another client's, or none) gets
     * 404 as GET /services/{id} answers, and as a list answers a {@code clientId} of another client (it used to be an
     * empty list here, 404 there). Staff and admins filter by any id.
     */
    public void checkServiceFilter(Long serviceId) {
        if (serviceId != null && access.callerIsClient()) {
            service(serviceId);
        }
    }

    /**
     * The caller's services as the client area lists them, oldest first: a client's own, the DELETED ones only when
     * asked for. Filtered in the query, so a page is full whatever share of the services is deleted.
     */
    public Page<ServiceInstance> listedServices(boolean withDeleted, int page, int size) {
        return services.listed(access.restrictListToClient(null), withDeleted, PageRequest.of(page, size,
                Sort.by("id")));
    }

    public Page<OperationJournalEntry> journal(long serviceId, int page, int size) {
        service(serviceId);
        return journal.findByServiceIdOrderByAtDescIdDesc(serviceId, PageRequest.of(page, size));
    }

    /**
     * The services' lifecycle operations that did not happen (the module refused them, or they were given up), newest
     * first, for services the caller may read. A client sees only those it asked for itself, in plain words: an
     * admin's suspension, change of add-ons or deletion refused is the provider's business.
     */
    public List<RefusedOperation> refusedOperations(Collection<Long> serviceIds) {
        return access.callerIsClient() ? operations.refusalsAskedByClient(serviceIds)
                : operations.refusals(serviceIds, OperationJournal.LIFECYCLE_OPERATIONS);
    }
}
