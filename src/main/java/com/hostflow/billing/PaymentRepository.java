package com.hostflow.billing;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface PaymentRepository extends JpaRepository<Payment, Long> {

    @Query("select p from Payment p where p.externalId = :externalId")
    Optional<Payment> findByExternalId(@Param("externalId") String externalId);

    List<Payment> findByClientIdOrderByIdDesc(long clientId, Pageable page);

    List<Payment> findAllByOrderByIdDesc(Pageable page);
}
