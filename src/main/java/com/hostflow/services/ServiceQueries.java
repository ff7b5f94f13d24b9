package com.hostflow.services;

import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.common.web.NotFoundException;

/** Reads services and their journal for the REST API, honouring who may see what. */
@Service
@Transactional(readOnly = true)
public class ServiceQueries {

    private final ServiceRepository services;
    private final OperationJournalRepository journal;
    private final ServiceAccess access;
    private final OperationJournal operations;

    ServiceQueries(ServiceRepository services, OperationJournalRepository journal, ServiceAccess access,
            OperationJournal operations) {
        this.services = services;
        this.journal = journal;
        this.access = access;
        this.operations = operations;
    }

    public ServiceInstance service(long serviceId) {
        ServiceInstance service = services.findById(serviceId)
                .orElseThrow(() -> new NotFoundException("service", serviceId));
        access.checkCanRead(service);
        return service;
    }

    public Page<ServiceInstance> services(Long clientId, ServiceStatus status, Long tariffId, int page, int size) {
        return services.search(access.restrictListToClient(clientId), status, tariffId, PageRequest.of(page, size,
                Sort.by("id")));
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
