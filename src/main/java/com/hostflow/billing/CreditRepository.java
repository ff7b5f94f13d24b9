package com.hostflow.billing;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface CreditRepository extends JpaRepository<Credit, Long> {

    @Query("select c from Credit c where c.creditKey = :creditKey")
    Optional<Credit> findByCreditKey(@Param("creditKey") String creditKey);

    List<Credit> findByServiceIdOrderById(long serviceId);

    List<Credit> findByClientIdOrderByIdDesc(long clientId, Pageable page);
}
