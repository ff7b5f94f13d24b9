package com.hostflow.catalog;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ProcessingModuleRepository extends JpaRepository<ProcessingModule, Long> {

    List<ProcessingModule> findAllByOrderBySortOrderAscIdAsc();

    List<ProcessingModule> findByName(String name);

    boolean existsByDataCenter(DataCenter dataCenter);

    boolean existsByDepartment(Department department);

    boolean existsByProductType(ProductType productType);
}
