package com.hostflow.billing;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ChargeRepository extends JpaRepository<Charge, Long> {

    @Query("select c from Charge c where c.chargeKey = :chargeKey")
    Optional<Charge> findByChargeKey(@Param("chargeKey") String chargeKey);

    List<Charge> findByServiceIdOrderById(long serviceId);
}
