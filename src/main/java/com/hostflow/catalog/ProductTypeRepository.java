package com.hostflow.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import jakarta.persistence.LockModeType;

public interface ProductTypeRepository extends JpaRepository<ProductType, Long> {

    @Query("select p from ProductType p where p.code = :code")
    Optional<ProductType> findByCode(@Param("code") String code);

    /**
     * The row locked until the transaction ends ({@code select ... for update}), so concurrent updates and deletes
     * of one product type replace its resources, parameters and periods one after the other, each whole.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select p from ProductType p where p.code = :code")
    Optional<ProductType> lockByCode(@Param("code") String code);

    /**
     * The row share-locked until the transaction ends ({@code select ... for share}), for a tariff written against
     * the product type: the tariff waits for a change of the product type to commit (and reads its resources and
     * periods as changed), and a change waits for the tariff (and sees its add-ons and prices). Without it a tariff
     * could get an add-on for a resource, or a price for a period, that a concurrent change just removed.
     */
    @Lock(LockModeType.PESSIMISTIC_READ)
    @Query("select p from ProductType p where p.code = :code")
    Optional<ProductType> shareByCode(@Param("code") String code);

    boolean existsByCode(String code);

    List<ProductType> findAllByOrderByCodeAsc();
}
