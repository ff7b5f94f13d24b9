package com.hostflow.services;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ServiceRepository extends JpaRepository<ServiceInstance, Long> {

    /** Services filtered by client and status; a null filter matches every value. */
    @Query("""
            select s from ServiceInstance s
            where (:clientId is null or s.clientId = :clientId)
              and (:status is null or s.status = :status)
            """)
    Page<ServiceInstance> search(@Param("clientId") Long clientId, @Param("status") ServiceStatus status,
            Pageable pageable);
}
