package com.hostflow.billing;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface PaymentRepository extends JpaRepository<Payment, Long> {

    Optional<Payment> findByExternalId(String externalId);

    List<Payment> findByClientIdOrderByIdDesc(long clientId, Pageable page);

    List<Payment> findAllByOrderByIdDesc(Pageable page);
}
