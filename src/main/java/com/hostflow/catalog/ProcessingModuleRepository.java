package com.hostflow.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import jakarta.persistence.LockModeType;

public interface ProcessingModuleRepository extends JpaRepository<ProcessingModule, Long> {

    List<ProcessingModule> findAllByOrderBySortOrderAscIdAsc();

    List<ProcessingModule> findByName(String name);

    boolean existsByDataCenter(DataCenter dataCenter);

    boolean existsByDepartment(Department department);

    boolean existsByProductType(ProductType productType);

    /** For a change: the row stays locked until the transaction ends, so changes of it take turns. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from ProcessingModule m where m.id = :id")
    Optional<ProcessingModule> lockById(long id);

    /** Share-locked until the transaction ends: the module cannot change until a write made from it commits. */
    @Lock(LockModeType.PESSIMISTIC_READ)
    @Query("select m from ProcessingModule m where m.id = :id")
    Optional<ProcessingModule> shareById(long id);

    /**
     * The row held {@code for share} until the transaction ends, without loading it: taken before a department task
     * about the module is created, so a change of the module's department and the task take turns.
     */
    @Query(value = "select id from hostflow.processing_module where id = :id for share", nativeQuery = true)
    Optional<Long> holdForShare(long id);
}
