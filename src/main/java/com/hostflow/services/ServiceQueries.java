package com.hostflow.services;

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

    ServiceQueries(ServiceRepository services, OperationJournalRepository journal, ServiceAccess access) {
        this.services = services;
        this.journal = journal;
        this.access = access;
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

    public Page<OperationJournalEntry> journal(long serviceId, int page, int size) {
        service(serviceId);
        return journal.findByServiceIdOrderByAtDescIdDesc(serviceId, PageRequest.of(page, size));
    }
}
