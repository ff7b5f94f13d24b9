package com.hostflow.lifecycle;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.hostflow.common.web.ConflictException;

/**
 * A request that starts or wakes a lifecycle process meets the processes' own jobs, payments and timers on the same
 * process instances: two transactions that end the same event-based gateway (a client's deletion and a payment for
 * an unpaid order) deadlock in PostgreSQL or fail the engine's optimistic lock, or a correlation finds a wait that a
 * timer ends before the message reaches it, or reads an execution tree that changes as it reads it; the loser is
 * rolled back whole.
 * Such a request is run again, in a fresh transaction, a few times; when it keeps meeting a concurrent change the
 * caller gets a 409 that says to retry, never a 500. Meant for a controller calling one {@code @Transactional}
 * service method, so each attempt is a transaction of its own (inside a caller's transaction it runs once).
 */
@Component
public class ConcurrentChanges {

    private static final Logger log = LoggerFactory.getLogger(ConcurrentChanges.class);
    private static final int ATTEMPTS = 4;
    /** PostgreSQL: deadlock_detected, serialization_failure */
    private static final Set<String> CONFLICT_STATES = Set.of("40P01", "40001");
    /**
     * PostgreSQL: foreign_key_violation, unique_violation, met by the engine's own flush. The engine checks what a
     * command names before it writes, so only another transaction gets its rows in the way: a client's deletion whose
     * correlation removed the order's executions while a worker's commit gave one of them a called instance or an
     * external task (800-scenario run of 2026-12-06: answered 409 and logged as an ERROR). HostFlow's own tables
     * refuse through Hibernate ({@code DataIntegrityViolationException}), a conflict the caller hears of.
     */
    private static final Set<String> ENGINE_WRITE_LOST_STATES = Set.of("23503", "23505");
    /**
     * The engine's words when a message correlation found a wait that another transaction ended before it was
     * triggered (a payment deadline's timer cancelling the unpaid order a client deletes at that moment).
     */
    private static final String WAIT_ENDED_MEANWHILE = "does not have a subscription to a message event";
    /**
     * Where the engine wires a process instance's execution tree from rows it reads at different moments: when
     * another transaction changes the tree in between (a payment's correlation ending the same unpaid order), a row
     * names a parent that is gone and the engine throws a NullPointerException there (seed -7626592514248344582).
     */
    private static final List<String> EXECUTION_TREE = List.of("org.camunda.bpm.engine.impl.pvm.",
            "org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity",
            // a correlation that found a message subscription whose execution another transaction ended before the
            // correlation read it (a client's deletion withdrawing the expiry reminders as the reminder's own timer
            // ended it: 600-scenario run of session 22)
            "org.camunda.bpm.engine.impl.cmd.AbstractCorrelateMessageCmd");
    /**
     * The engine's words when it reads a process instance or a job and then the executions, and another transaction
     * ended the instance in between (a job of the instance run as the instance ended).
     */
    private static final List<String> EXECUTIONS_GONE = List.of("list of executions is empty",
            "referenced from job");

    /** Runs {@code action}, again while it fails on a concurrent change; answers its result. */
    public <T> T retry(Supplier<T> action) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // a rolled-back attempt would take the caller's transaction with it: no retry here
            return action.get();
        }
        return runAgain(ATTEMPTS, action,
                lastFailure -> new ConflictException("the service is being changed concurrently, retry"));
    }

    /**
     * Runs {@code action}, again while it fails on a concurrent change, {@code attempts} times at most; when the last
     * attempt fails on one too, throws what {@code exhausted} makes of that failure. Each attempt must be a
     * transaction of its own.
     */
    static <T> T runAgain(int attempts, Supplier<T> action,
            Function<RuntimeException, RuntimeException> exhausted) {
        for (int attempt = 1;; attempt++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (!isConcurrentChange(e)) {
                    throw e;
                }
                if (attempt == attempts) {
                    throw exhausted.apply(e);
                }
                log.info("attempt {} met a concurrent change, trying again: {}", attempt, e.toString());
            }
        }
    }

    public void retry(Runnable action) {
        retry(() -> {
            action.run();
            return null;
        });
    }

    static boolean isConcurrentChange(Throwable failure) {
        boolean enginesFlush = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            enginesFlush |= cause instanceof ProcessEnginePersistenceException;
            if (cause instanceof OptimisticLockingException || cause instanceof ConcurrencyFailureException) {
                return true;
            }
            if (cause instanceof ProcessEngineException && cause.getMessage() != null
                    && (cause.getMessage().contains(WAIT_ENDED_MEANWHILE)
                            || EXECUTIONS_GONE.stream().anyMatch(cause.getMessage()::contains))) {
                return true;
            }
            if (cause instanceof NullPointerException && thrownIn(cause, EXECUTION_TREE)) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    // Set.of(..).contains(null) throws: a pool's timeout has no SQLState
                    if (next.getSQLState() != null && (CONFLICT_STATES.contains(next.getSQLState())
                            || enginesFlush && ENGINE_WRITE_LOST_STATES.contains(next.getSQLState()))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean thrownIn(Throwable failure, List<String> classPrefixes) {
        StackTraceElement[] stack = failure.getStackTrace();
        return stack.length > 0 && classPrefixes.stream().anyMatch(stack[0].getClassName()::startsWith);
    }
}
