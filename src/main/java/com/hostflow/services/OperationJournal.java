package com.hostflow.services;

import java.time.Clock;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The journal of module operations. Each write commits in its own transaction, so an attempt stays recorded even
 * when the job that made it rolls back and is retried: the operation key is on record before the module is called.
 */
@Service
public class OperationJournal {

    private final OperationJournalRepository entries;
    private final Clock clock;

    OperationJournal(OperationJournalRepository entries, Clock clock) {
        this.entries = entries;
        this.clock = clock;
    }

    /** Records a new attempt of the operation before the module is called; answers the entry's id. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public long startAttempt(long serviceId, String operation, String operationKey) {
        int attempt = entries.findFirstByOperationKeyOrderByAttemptDesc(operationKey)
                .map(OperationJournalEntry::getAttempt).orElse(0) + 1;
        return entries.save(new OperationJournalEntry(serviceId, operation, operationKey, attempt,
                OperationOutcome.STARTED, null, clock.instant())).getId();
    }

    /** Sets the outcome of an attempt recorded by {@link #startAttempt}. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void finishAttempt(long entryId, OperationOutcome outcome, String message) {
        entries.findById(entryId).orElseThrow(() -> new IllegalStateException("no journal entry " + entryId))
                .record(outcome, message, clock.instant());
    }

    /** Records a decision or a manual step that is not a call of the module (retry chosen, skipped, done by hand). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void note(long serviceId, String operation, String operationKey, OperationOutcome outcome, String message) {
        int attempt = entries.findFirstByOperationKeyOrderByAttemptDesc(operationKey)
                .map(OperationJournalEntry::getAttempt).orElse(0) + 1;
        entries.save(new OperationJournalEntry(serviceId, operation, operationKey, attempt, outcome, message,
                clock.instant()));
    }
}
