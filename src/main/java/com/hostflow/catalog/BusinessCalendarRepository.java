package com.hostflow.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface BusinessCalendarRepository extends JpaRepository<BusinessCalendar, Long> {

    Optional<BusinessCalendar> findByProviderId(long providerId);

    List<BusinessCalendar> findAllByOrderByIdAsc();

    boolean existsByProviderId(long providerId);
}
