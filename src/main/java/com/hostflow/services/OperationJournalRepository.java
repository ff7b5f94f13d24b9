package com.hostflow.services;

import java.util.Collection;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface OperationJournalRepository extends JpaRepository<OperationJournalEntry, Long> {

    Page<OperationJournalEntry> findByServiceIdOrderByAtDescIdDesc(long serviceId, Pageable pageable);

    /** The operation key's last attempt number (0 before the first). */
    @Query("select coalesce(max(e.attempt), 0) from OperationJournalEntry e where e.operationKey = :operationKey")
    int lastAttempt(@Param("operationKey") String operationKey);

    /** The key's last attempt number and how many of its entries are of {@code operation}, in one query. */
    @Query("""
            select coalesce(max(e.attempt), 0) as lastAttempt,
                   count(case when e.operation = :operation then 1 end) as sameOperation
            from OperationJournalEntry e where e.operationKey = :operationKey""")
    AttemptsSoFar attemptsSoFar(@Param("operationKey") String operationKey, @Param("operation") String operation);

    interface AttemptsSoFar {

        int getLastAttempt();

        long getSameOperation();
    }

    @Query("select count(e) from OperationJournalEntry e where e.operationKey = :operationKey and e.outcome in :outcomes")
    long countByOperationKeyAndOutcomeIn(@Param("operationKey") String operationKey,
            @Param("outcomes") Collection<OperationOutcome> outcomes);
}
