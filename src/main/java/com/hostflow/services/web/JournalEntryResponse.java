package com.hostflow.services.web;

import java.time.Instant;

import com.hostflow.services.OperationJournalEntry;
import com.hostflow.services.OperationOutcome;

/** One attempt or decision of a module operation. */
public record JournalEntryResponse(long id, String operation, String operationKey, int attempt,
        OperationOutcome outcome, String message, Instant at) {

    static JournalEntryResponse of(OperationJournalEntry e) {
        return new JournalEntryResponse(e.getId(), e.getOperation(), e.getOperationKey(), e.getAttempt(),
                e.getOutcome(), e.getMessage(), e.getAt());
    }
}
