package com.hostflow.notifications;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface NotificationRepository extends JpaRepository<Notification, Long> {

    @Query("select n from Notification n where n.idempotencyKey = :idempotencyKey")
    Optional<Notification> findByIdempotencyKey(@Param("idempotencyKey") String idempotencyKey);

    @Query("select count(n) > 0 from Notification n where n.idempotencyKey = :idempotencyKey")
    boolean existsByIdempotencyKey(@Param("idempotencyKey") String idempotencyKey);

    /** Newest first. */
    @Query("select n from Notification n where n.clientId = :clientId order by n.createdAt desc, n.id desc")
    Page<Notification> forClient(@Param("clientId") long clientId, Pageable page);

    /** Newest first; every status when {@code status} is null. */
    @Query("""
            select n from Notification n where (:status is null or n.status = :status)
            order by n.createdAt desc, n.id desc""")
    Page<Notification> withStatus(@Param("status") NotificationStatus status, Pageable page);

    long countByStatus(NotificationStatus status);
}
