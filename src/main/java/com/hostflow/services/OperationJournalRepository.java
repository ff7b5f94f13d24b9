package com.hostflow.services;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface OperationJournalRepository extends JpaRepository<OperationJournalEntry, Long> {

    Page<OperationJournalEntry> findByServiceIdOrderByAtDescIdDesc(long serviceId, Pageable pageable);

    /** The operation key's last attempt number (0 before the first). */
    @Query("select coalesce(max(e.attempt), 0) from OperationJournalEntry e where e.operationKey = :operationKey")
    int lastAttempt(@Param("operationKey") String operationKey);

    /**
     * The key's operations so far, each with its last attempt number ({@code [operation, attempt]} rows), in one query
     * whose plan Hibernate keeps (a parameter in the select clause made it translate the query on every call).
     */
    @Query("""
            select e.operation, max(e.attempt) from OperationJournalEntry e
            where e.operationKey = :operationKey group by e.operation""")
    List<Object[]> lastAttemptByOperation(@Param("operationKey") String operationKey);

    /** Sets an attempt's outcome; answers how many entries it changed (0: no such entry). */
    @Modifying
    @Query("update OperationJournalEntry e set e.outcome = :outcome, e.message = :message, e.at = :at where e.id = :id")
    int recordOutcome(@Param("id") long id, @Param("outcome") OperationOutcome outcome,
            @Param("message") String message, @Param("at") Instant at);

    @Query("select count(e) from OperationJournalEntry e where e.operationKey = :operationKey and e.outcome in :outcomes")
    long countByOperationKeyAndOutcomeIn(@Param("operationKey") String operationKey,
            @Param("outcomes") Collection<OperationOutcome> outcomes);
}
