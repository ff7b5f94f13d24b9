package com.hostflow.services;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ServiceRepository extends JpaRepository<ServiceInstance, Long> {

    /** One batch of the billing run: ids of ACTIVE services whose paid period ended, after {@code afterId}. */
    @Query("""
            select s.id from ServiceInstance s
            where s.status = com.hostflow.services.ServiceStatus.ACTIVE and s.paidUntil <= :now and s.id > :afterId
            order by s.id
            """)
    java.util.List<Long> dueForProlongation(@Param("now") java.time.Instant now, @Param("afterId") long afterId,
            Pageable batch);

    /** One batch of the billing run: services suspended for BILLING, after {@code afterId}, in id order. */
    @Query("""
            select s from ServiceInstance s join s.suspensions r
            where s.status = com.hostflow.services.ServiceStatus.SUSPENDED
              and key(r) = com.hostflow.services.SuspensionReason.BILLING and s.id > :afterId
            order by s.id
            """)
    java.util.List<ServiceInstance> suspendedForBilling(@Param("afterId") long afterId, Pageable batch);

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
