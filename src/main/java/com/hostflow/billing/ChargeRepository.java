package com.hostflow.billing;

import org.springframework.data.repository.query.Param;
import org.springframework.data.jpa.repository.Query;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ChargeRepository extends JpaRepository<Charge, Long> {

    @Query("select c from Charge c where c.chargeKey = :chargeKey")
    Optional<Charge> findByChargeKey(@Param("chargeKey") String chargeKey);

    List<Charge> findByServiceIdOrderById(long serviceId);
}
