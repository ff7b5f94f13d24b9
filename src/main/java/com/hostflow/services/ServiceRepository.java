package com.hostflow.services;

import java.time.Instant;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

import jakarta.persistence.LockModeType;

public interface ServiceRepository extends JpaRepository<ServiceInstance, Long> {

    /** The service, its row locked until the transaction ends: decisions on it (a deletion) are taken one at a time. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from ServiceInstance s where s.id = :id")
    java.util.Optional<ServiceInstance> findForUpdate(@Param("id") long id);

    /** Services filtered by client, status and tariff; a null filter matches every value. */
    @Query("""
            select s from ServiceInstance s
            where (:clientId is null or s.clientId = :clientId)
              and (:status is null or s.status = :status)
              and (:tariffId is null or s.tariffId = :tariffId)
            """)
    Page<ServiceInstance> search(@Param("clientId") Long clientId, @Param("status") ServiceStatus status,
            @Param("tariffId") Long tariffId, Pageable pageable);

    boolean existsByClientIdAndTariffId(long clientId, long tariffId);

    /** A client's services (null: everyone's), the DELETED ones only when {@code withDeleted}. */
    @Query("""
            select s from ServiceInstance s
            where (:clientId is null or s.clientId = :clientId)
              and (:withDeleted = true or s.status <> com.hostflow.services.ServiceStatus.DELETED)
            """)
    Page<ServiceInstance> listed(@Param("clientId") Long clientId, @Param("withDeleted") boolean withDeleted,
            Pageable pageable);

    /** The service's tariff, without loading the service (choosing its module needs nothing else). */
    @Query("select s.tariffId from ServiceInstance s where s.id = :id")
    java.util.Optional<Long> tariffOf(@Param("id") long id);

    /**
     * Puts the chosen module on the service in one statement (module selection runs once per order, and reading the
     * row only to set two columns would double its cost); the version moves as with any change of the service. Plain
     * SQL: Hibernate translates an HQL update from its shared query tree on every run, and that translation mutates
     * the tree (HHH-19429): twenty selections at once once failed on it with a ConcurrentModificationException.
     */
    @Transactional
    @Modifying
    @Query(value = "update hostflow.service set processing_module_id = :moduleId, updated_at = :now,"
            + " version = version + 1 where id = :id", nativeQuery = true)
    int assignModule(@Param("id") long id, @Param("moduleId") long moduleId, @Param("now") Instant now);
}
