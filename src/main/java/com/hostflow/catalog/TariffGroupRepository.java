package com.hostflow.catalog;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface TariffGroupRepository extends JpaRepository<TariffGroup, Long> {

    List<TariffGroup> findAllByOrderByIdAsc();

    List<TariffGroup> findByName(String name);
}
