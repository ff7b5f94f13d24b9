package com.hostflow.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import jakarta.persistence.LockModeType;

interface BusinessCalendarRepository extends JpaRepository<BusinessCalendar, Long> {

    Optional<BusinessCalendar> findByProviderId(long providerId);

    List<BusinessCalendar> findAllByOrderByIdAsc();

    /**
     * The row locked until the transaction ends ({@code select ... for update}), so concurrent updates and deletes
     * of one calendar replace its holidays one after the other, each whole.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select c from BusinessCalendar c where c.id = :id")
    Optional<BusinessCalendar> lockById(long id);

    boolean existsByProviderId(long providerId);
}
