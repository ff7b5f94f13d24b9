package com.hostflow.billing;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface CreditRepository extends JpaRepository<Credit, Long> {

    Optional<Credit> findByCreditKey(String creditKey);

    List<Credit> findByServiceIdOrderById(long serviceId);

    List<Credit> findByClientIdOrderByIdDesc(long clientId, Pageable page);
}
