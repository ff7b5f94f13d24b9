package com.hostflow.catalog;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import jakarta.persistence.LockModeType;

public interface TariffPlanRepository extends JpaRepository<TariffPlan, Long> {

    List<TariffPlan> findAllByOrderByIdAsc();

    /**
     * The row locked until the transaction ends ({@code select ... for update}), so concurrent updates and deletes
     * of one tariff replace its prices, modules and add-ons one after the other, each whole.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from TariffPlan t where t.id = :id")
    Optional<TariffPlan> lockById(long id);

    /**
     * The row locked {@code for update}: an order placed at this moment holds the row ({@link #holdForShare}) until
     * it commits, so a deletion waits for it and then sees its service among the tariff's live ones, and an order
     * that comes later waits for the deletion.
     */
    @Query(value = "select id from hostflow.tariff_plan where id = :id for update", nativeQuery = true)
    Optional<Long> lockForDeletion(long id);

    /**
     * The row held {@code for share} until the transaction ends: taken by a write that puts a service on the tariff's
     * terms (an order, a parameter change), which conflicts with {@link #lockById} and {@link #lockForDeletion} but
     * not with itself, so such writes never wait for each other, only for a change or deletion of the tariff.
     */
    @Query(value = "select id from hostflow.tariff_plan where id = :id for share", nativeQuery = true)
    Optional<Long> holdForShare(long id);

    boolean existsByProvider(Provider provider);

    boolean existsByGroup(TariffGroup group);

    boolean existsByProductType(ProductType productType);

    @Query("select count(t) > 0 from TariffPlan t where :module member of t.processingModules")
    boolean existsWithProcessingModule(ProcessingModule module);

    /** The first tariffs (ids) of the product type with an add-on for the resource (so it cannot be removed). */
    @Query("select distinct a.tariff.id from TariffAddon a where a.tariff.productType = :productType"
            + " and a.resource = :resource order by a.tariff.id")
    List<Long> withAddonFor(ProductType productType, String resource, Limit limit);

    @Query("select distinct t.id from TariffPlan t join t.prices p where t.productType = :productType"
            + " and key(p) = :period order by t.id")
    List<Long> pricedFor(ProductType productType, Period period, Limit limit);

    @Query("select distinct a.tariff.id from TariffAddon a join a.prices p where a.tariff.productType = :productType"
            + " and key(p) = :period order by a.tariff.id")
    List<Long> withAddonPricedFor(ProductType productType, Period period, Limit limit);

    /** The first {@code max} tariffs (ids) of the product type with a price, or an add-on price, for the period. */
    default List<Long> withPricesFor(ProductType productType, Period period, int max) {
        Set<Long> ids = new TreeSet<>(pricedFor(productType, period, Limit.of(max)));
        ids.addAll(withAddonPricedFor(productType, period, Limit.of(max)));
        return ids.stream().limit(max).toList();
    }
}
