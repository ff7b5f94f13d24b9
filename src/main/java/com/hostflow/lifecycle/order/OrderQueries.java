package com.hostflow.lifecycle.order;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.services.ServiceAccess;
import com.hostflow.services.ServiceQueries;

/** Orders as lists: a client's own, or anyone's for staff and admins. */
@Service
public class OrderQueries {

    private final ServiceOrderRepository orders;
    private final ServiceAccess access;
    private final ServiceQueries services;

    OrderQueries(ServiceOrderRepository orders, ServiceAccess access, ServiceQueries services) {
        this.orders = orders;
        this.access = access;
        this.services = services;
    }

    /**
     * Newest first, by client, status and service (each optional); a CLIENT gets its own (another client's id, or
     * another client's or an unknown service: 404).
     */
    @Transactional(readOnly = true)
    public Page<ServiceOrder> orders(Long clientId, OrderStatus status, Long serviceId, int page, int size) {
        Long client = access.restrictListToClient(clientId);
        services.checkServiceFilter(serviceId);
        return orders.search(client, status, serviceId, PageRequest.of(page, size,
                Sort.by(Sort.Direction.DESC, "id")));
    }
}
