package com.hostflow.catalog;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface DataCenterRepository extends JpaRepository<DataCenter, Long> {

    List<DataCenter> findAllByOrderBySortOrderAscIdAsc();

    List<DataCenter> findByName(String name);
}
