package com.hostflow.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import jakarta.persistence.LockModeType;

public interface DepartmentRepository extends JpaRepository<Department, Long> {

    Optional<Department> findByKey(String key);

    boolean existsByKey(String key);

    Optional<Department> findFirstByKeyIgnoreCase(String key);

    List<Department> findAllByOrderByIdAsc();

    /** The row locked until the transaction ends, so two nodes never set up its Tasklist filters twice. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from Department d where d.id = :id")
    Optional<Department> lockById(long id);

    @Query("select d.id from Department d order by d.id")
    List<Long> findAllIds();
}
