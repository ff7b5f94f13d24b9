package com.hostflow.lifecycle.order;

import java.util.Optional;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

import com.hostflow.services.ServiceInstance;

/** The tariff row an order is placed on, held until the ordering transaction ends. */
interface OrderedTariffRepository extends Repository<ServiceInstance, Long> {

    /**
     * {@code for key share}: the weakest row lock, which only a deletion of the tariff waits for
     * ({@code TariffService.delete} takes {@code for update} before it looks for the tariff's live services), so an
     * order and a deletion of its tariff at the same moment run one after the other: the deletion then sees the new
     * service and answers 409, or the order finds no tariff and answers 400. Without it both succeeded and the
     * service waited in PROCESSING for a tariff that was gone (third race probe). Price changes and other orders of
     * the tariff do not wait for it. Empty when the tariff does not exist (any more).
     */
    @Query(value = "select id from hostflow.tariff_plan where id = :tariffId for key share", nativeQuery = true)
    Optional<Long> holdTariff(@Param("tariffId") long tariffId);
}
