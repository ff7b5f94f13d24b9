package com.hostflow.common.database;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What is said of a transaction's outcome (a log line that the order was cancelled, a credit made) is said once it
 * committed: a transaction that loses a race to a concurrent change, or fails later on, is rolled back whole, and a
 * line logged before that told of what never happened. Outside a transaction it is said at once.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    /** Runs {@code action} once the current transaction committed; never when it rolls back. */
    public static void run(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
