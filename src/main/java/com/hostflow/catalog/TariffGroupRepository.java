package com.hostflow.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import jakarta.persistence.LockModeType;

public interface TariffGroupRepository extends JpaRepository<TariffGroup, Long> {

    List<TariffGroup> findAllByOrderByIdAsc();

    /** For a change: the row stays locked until the transaction ends, so changes of it take turns. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select g from TariffGroup g where g.id = :id")
    Optional<TariffGroup> lockById(long id);
}
