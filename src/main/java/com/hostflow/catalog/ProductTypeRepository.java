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

    boolean existsByCode(String code);

    List<ProductType> findAllByOrderByCodeAsc();
}
