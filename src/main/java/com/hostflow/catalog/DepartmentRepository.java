package com.hostflow.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface DepartmentRepository extends JpaRepository<Department, Long> {

    Optional<Department> findByKey(String key);

    boolean existsByKey(String key);

    List<Department> findAllByOrderByIdAsc();
}
