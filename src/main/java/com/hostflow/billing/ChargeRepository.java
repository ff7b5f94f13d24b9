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

    /** The service's charges for periods that end after {@code day} (a long-lived DAY service has hundreds). */
    @Query("select c from Charge c where c.serviceId = :serviceId and c.periodTo > :day order by c.periodFrom")
    List<Charge> findPeriodsEndingAfter(@Param("serviceId") long serviceId, @Param("day") java.time.LocalDate day);
}
