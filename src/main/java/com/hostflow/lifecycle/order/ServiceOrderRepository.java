package com.hostflow.lifecycle.order;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ServiceOrderRepository extends JpaRepository<ServiceOrder, Long> {

    List<ServiceOrder> findByClientIdAndStatus(long clientId, OrderStatus status);

    List<ServiceOrder> findByServiceId(long serviceId);
}
