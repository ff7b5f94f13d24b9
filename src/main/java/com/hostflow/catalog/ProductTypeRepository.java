package com.hostflow.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ProductTypeRepository extends JpaRepository<ProductType, Long> {

    @Query("select p from ProductType p where p.code = :code")
    Optional<ProductType> findByCode(@Param("code") String code);

    boolean existsByCode(String code);

    List<ProductType> findAllByOrderByCodeAsc();
}
