package com.hostflow.services;

import java.util.Collection;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface OperationJournalRepository extends JpaRepository<OperationJournalEntry, Long> {

    Page<OperationJournalEntry> findByServiceIdOrderByAtDescIdDesc(long serviceId, Pageable pageable);

    Optional<OperationJournalEntry> findFirstByOperationKeyOrderByAttemptDesc(String operationKey);

    long countByOperationKeyAndOutcomeIn(String operationKey, Collection<OperationOutcome> outcomes);
}
