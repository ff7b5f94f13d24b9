package com.hostflow.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ProductTypeRepository extends JpaRepository<ProductType, Long> {

    Optional<ProductType> findByCode(String code);

    boolean existsByCode(String code);

    List<ProductType> findAllByOrderByCodeAsc();
}
