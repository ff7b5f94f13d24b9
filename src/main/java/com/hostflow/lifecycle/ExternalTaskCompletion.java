package com.hostflow.lifecycle;

import java.util.Map;
import java.util.function.Supplier;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Ends an external task together with the domain writes that report its result, in one short transaction: the
 * service's state and the process's next step commit together or not at all.
 */
public final class ExternalTaskCompletion {

    private static final int ATTEMPTS = 5;

    private final ExternalTaskService externalTasks;
    private final TransactionOperations transaction;
    private final String workerId;
    private final Runnable alsoInTransaction;

    public ExternalTaskCompletion(ExternalTaskService externalTasks, TransactionOperations transaction,
            String workerId) {
        this(externalTasks, transaction, workerId, () -> {
        });
    }

    private ExternalTaskCompletion(ExternalTaskService externalTasks, TransactionOperations transaction,
            String workerId, Runnable alsoInTransaction) {
        this.externalTasks = externalTasks;
        this.transaction = transaction;
        this.workerId = workerId;
        this.alsoInTransaction = alsoInTransaction;
    }

    /**
     * The same completion, which also runs {@code action} in the transaction that ends the task: the worker gives
     * the task's lease back there instead of in a transaction of its own.
     */
    ExternalTaskCompletion alsoInTransaction(Runnable action) {
        return new ExternalTaskCompletion(externalTasks, transaction, workerId, action);
    }

    /** Runs {@code report} (domain writes) and completes the task with the variables it answers. */
    public void complete(LockedExternalTask task, Supplier<Map<String, Object>> report) {
        runAgainOnConcurrentChange(transaction, () -> {
            externalTasks.complete(task.getId(), workerId, report.get());
            alsoInTransaction.run();
        });
    }

    /**
     * Runs {@code work} in a transaction, again in a fresh one while it meets a concurrent change. The usual one: the
     * task was fetched again while this worker still ran it (the engine's clock passed its lock; the second fetch
     * leaves it to this worker, see {@link ExternalTaskLeases}) and that fetch's new lock changed the task's revision,
     * so this worker's completion, and then its failure report, lost the engine's optimistic lock — the task stayed
     * locked with nobody working on it until the lock ran out (found by the interleaving test).
     */
    static void runAgainOnConcurrentChange(TransactionOperations transaction, Runnable work) {
        // the engine's own exception when it keeps failing: the failure report names it
        ConcurrentChanges.runAgain(ATTEMPTS, () -> {
            transaction.executeWithoutResult(status -> work.run());
            return null;
        }, lastFailure -> lastFailure);
    }
}
