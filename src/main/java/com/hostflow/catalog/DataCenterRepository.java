package com.hostflow.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import jakarta.persistence.LockModeType;

public interface DataCenterRepository extends JpaRepository<DataCenter, Long> {

    List<DataCenter> findAllByOrderBySortOrderAscIdAsc();

    /** For a change: the row stays locked until the transaction ends, so changes of it take turns. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from DataCenter d where d.id = :id")
    Optional<DataCenter> lockById(long id);
}
