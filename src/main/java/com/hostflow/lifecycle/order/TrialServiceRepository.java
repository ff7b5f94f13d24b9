package com.hostflow.lifecycle.order;

import java.util.List;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

import com.hostflow.services.ServiceInstance;

/**
 * The trials a client ordered, counted for the trial policy; one that failed to be set up never ran and does not
 * count (the client may try again).
 */
interface TrialServiceRepository extends Repository<ServiceInstance, Long> {

    /**
     * Locks the client's row until the ordering transaction ends: two trial orders of one client then count each
     * other's trial one after the other (each statement sees what committed before it, once the lock is had).
     * {@code no key update}: rows that merely reference the client (a payment, a service) do not wait for it.
     */
    @Query(value = "select id from hostflow.client where id = :clientId for no key update", nativeQuery = true)
    Long lockClient(@Param("clientId") long clientId);

    @Query("select count(s) from ServiceInstance s where s.clientId = :clientId and s.trial = true "
            + "and s.status <> com.hostflow.services.ServiceStatus.FAILED "
            + "and s.productType = :productType")
    long countTrials(@Param("clientId") long clientId, @Param("productType") String productType);

    @Query("select count(s) from ServiceInstance s where s.clientId = :clientId and s.trial = true "
            + "and s.status <> com.hostflow.services.ServiceStatus.FAILED "
            + "and s.tariffId = :tariffId")
    long countTrialsOfTariff(@Param("clientId") long clientId, @Param("tariffId") long tariffId);

    @Query("select distinct s.tariffId from ServiceInstance s where s.clientId = :clientId and s.trial = true "
            + "and s.status <> com.hostflow.services.ServiceStatus.FAILED "
            + "and s.productType = :productType")
    List<Long> trialTariffs(@Param("clientId") long clientId, @Param("productType") String productType);
}
