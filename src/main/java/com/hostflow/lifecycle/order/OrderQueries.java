package com.hostflow.lifecycle.order;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.services.ServiceAccess;

/** Orders as lists: a client's own, or anyone's for staff and admins. */
@Service
public class OrderQueries {

    private final ServiceOrderRepository orders;
    private final ServiceAccess access;

    OrderQueries(ServiceOrderRepository orders, ServiceAccess access) {
        this.orders = orders;
        this.access = access;
    }

    /** Newest first, by client, status and service (each optional); a CLIENT gets its own (another's id: 404). */
    @Transactional(readOnly = true)
    public Page<ServiceOrder> orders(Long clientId, OrderStatus status, Long serviceId, int page, int size) {
        return orders.search(access.restrictListToClient(clientId), status, serviceId, PageRequest.of(page, size,
                Sort.by(Sort.Direction.DESC, "id")));
    }
}
