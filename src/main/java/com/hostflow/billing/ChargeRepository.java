package com.hostflow.billing;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ChargeRepository extends JpaRepository<Charge, Long> {

    Optional<Charge> findByChargeKey(String chargeKey);

    List<Charge> findByServiceIdOrderById(long serviceId);
}
