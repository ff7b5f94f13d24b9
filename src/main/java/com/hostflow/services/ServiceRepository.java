package com.hostflow.services;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import jakarta.persistence.LockModeType;

public interface ServiceRepository extends JpaRepository<ServiceInstance, Long> {

    /** The service, its row locked until the transaction ends: decisions on it (a deletion) are taken one at a time. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from ServiceInstance s where s.id = :id")
    java.util.Optional<ServiceInstance> findForUpdate(@Param("id") long id);

    /** Services of a client in one status, for waking them on a payment. */
    java.util.List<ServiceInstance> findByClientIdAndStatus(long clientId, ServiceStatus status);

    /** Services filtered by client and status; a null filter matches every value. */
    @Query("""
            select s from ServiceInstance s
            where (:clientId is null or s.clientId = :clientId)
              and (:status is null or s.status = :status)
            """)
    Page<ServiceInstance> search(@Param("clientId") Long clientId, @Param("status") ServiceStatus status,
            Pageable pageable);
}
