package com.hostflow.lifecycle.order;

import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ServiceOrderRepository extends JpaRepository<ServiceOrder, Long> {

    List<ServiceOrder> findByServiceId(long serviceId);

    @Query("""
            select o from ServiceOrder o
            where (:clientId is null or o.clientId = :clientId)
              and (:status is null or o.status = :status)
              and (:serviceId is null or o.serviceId = :serviceId)
            """)
    Page<ServiceOrder> search(@Param("clientId") Long clientId, @Param("status") OrderStatus status,
            @Param("serviceId") Long serviceId, Pageable pageable);
}
