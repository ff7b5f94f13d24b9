package com.hostflow.services;

import java.time.Clock;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The journal of module operations. An attempt is recorded in the short transaction that prepares the module call,
 * which commits before the module is called, and its outcome in the transaction that reports the call's result.
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
    @Transactional
    public long startAttempt(long serviceId, String operation, String operationKey) {
        int attempt = entries.findFirstByOperationKeyOrderByAttemptDesc(operationKey)
                .map(OperationJournalEntry::getAttempt).orElse(0) + 1;
        return entries.save(new OperationJournalEntry(serviceId, operation, operationKey, attempt,
                OperationOutcome.STARTED, null, clock.instant())).getId();
    }

    /** Sets the outcome of an attempt recorded by {@link #startAttempt}. */
    @Transactional
    public void finishAttempt(long entryId, OperationOutcome outcome, String message) {
        entries.findById(entryId).orElseThrow(() -> new IllegalStateException("no journal entry " + entryId))
                .record(outcome, message, clock.instant());
    }

    /** Records a decision or a manual step that is not a call of the module (retry chosen, skipped, done by hand). */
    @Transactional
    public void note(long serviceId, String operation, String operationKey, OperationOutcome outcome, String message) {
        int attempt = entries.findFirstByOperationKeyOrderByAttemptDesc(operationKey)
                .map(OperationJournalEntry::getAttempt).orElse(0) + 1;
        entries.save(new OperationJournalEntry(serviceId, operation, operationKey, attempt, outcome, message,
                clock.instant()));
    }
}
