package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;

import com.hostflow.common.web.ConflictException;

/**
 * Issue #9, found by the interleaving property: a client's deletion of an unpaid order and the payment that woke the
 * same order deadlocked on the order's event subscriptions in PostgreSQL, and the API answered 500. Requests that
 * start or wake lifecycle processes are now run again when they meet such a concurrent change.
 */
class ConcurrentChangesTest {

    private final ConcurrentChanges changes = new ConcurrentChanges();

    @Test
    void aDeadlockInTheEnginesFlushIsRunAgain() {
        AtomicInteger attempts = new AtomicInteger();
        String result = changes.retry(() -> {
            if (attempts.incrementAndGet() == 1) {
                // what the engine threw for the deadlock on ACT_RU_EVENT_SUBSCR
                SQLException deadlock = new SQLException("ERROR: deadlock detected", "40P01");
                BatchUpdateException batch = new BatchUpdateException("Batch entry 0 delete from ACT_RU_EVENT_SUBSCR"
                        + " was aborted", "40P01", 0, new int[0], null);
                batch.setNextException(deadlock);
                throw new ProcessEnginePersistenceException("flush failed", batch);
            }
            return "deleted";
        });

        assertThat(result).isEqualTo("deleted");
        assertThat(attempts).hasValue(2);
    }

    /**
     * 800-scenario run of 2026-12-06: a client's deletion of a service being opened removed the order's executions
     * in its correlation while a worker's commit gave one of them an external task; the engine's flush met the foreign
     * key, the client got 409 and the log an ERROR. Run again, the deletion sees the new task. HostFlow's own refused
     * write (Spring's exception, not the engine's flush) is a conflict for the caller, not run again.
     */
    @Test
    void aRowOfTheEnginesThatAnotherTransactionPutInTheWayIsRunAgainButHostFlowsOwnIsNot() {
        AtomicInteger attempts = new AtomicInteger();
        String result = changes.retry(() -> {
            if (attempts.incrementAndGet() == 1) {
                SQLException stillReferenced = new SQLException("ERROR: update or delete on table \"act_ru_execution\""
                        + " violates foreign key constraint \"act_fk_ext_task_exe\"", "23503");
                BatchUpdateException batch = new BatchUpdateException("Batch entry 2 delete from ACT_RU_EXECUTION"
                        + " was aborted", "23503", 0, new int[0], null);
                batch.setNextException(stillReferenced);
                throw new ProcessEnginePersistenceException("flush failed",
                        new ProcessEngineException("ENGINE-03004 Exception while executing Database Operation", batch));
            }
            return "deleted";
        });
        assertThat(result).isEqualTo("deleted");
        assertThat(attempts).hasValue(2);

        AtomicInteger ownWrites = new AtomicInteger();
        assertThatThrownBy(() -> changes.retry(() -> {
            ownWrites.incrementAndGet();
            throw new DataIntegrityViolationException("tariff 3 is still in use",
                    new SQLException("ERROR: update or delete on table \"tariff_plan\" violates foreign key", "23503"));
        })).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(ownWrites).hasValue(1);
    }

    @Test
    void theEnginesOptimisticLockAndSpringsLockFailuresAreRunAgain() {
        AtomicInteger attempts = new AtomicInteger();
        changes.retry(() -> {
            int attempt = attempts.incrementAndGet();
            if (attempt == 1) {
                throw new OptimisticLockingException("EventSubscriptionEntity was updated by another transaction");
            }
            if (attempt == 2) {
                throw new CannotAcquireLockException("lock wait", new SQLException("deadlock", "40P01"));
            }
        });

        assertThat(attempts).hasValue(3);
    }

    @Test
    void aWaitEndedByATimerBetweenTheCorrelationsQueryAndItsTriggerIsRunAgain() {
        // seed -1939321656563385763 of the long run: a client deleted a DAY order as its payment deadline's timer
        // cancelled it; the correlation had found the order's Msg_DeletionRequested wait, the timer's commit removed
        // it, the engine threw this and the API answered 500
        AtomicInteger attempts = new AtomicInteger();
        String result = changes.retry(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new ProcessEngineException("Execution with id '5717cb9e-ee44-11f1-9e69-02fc00000001' does not"
                        + " have a subscription to a message event with name 'Msg_DeletionRequested':"
                        + " eventSubscriptions is empty");
            }
            return "deleted";
        });

        assertThat(result).isEqualTo("deleted");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void anExecutionTreeThatChangedWhileTheEngineReadItIsRunAgain() {
        // seed -7626592514248344582 of the confirmation run: an admin deleted an unpaid order while the client's
        // payment was being delivered to it; the deletion's correlation read the order's executions as the payment's
        // commit changed them, the engine threw this and the API answered 500
        AtomicInteger attempts = new AtomicInteger();
        String result = changes.retry(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw thrownAt("org.camunda.bpm.engine.impl.pvm.runtime.PvmExecutionImpl", "hasChildren");
            }
            return "deleted";
        });

        assertThat(result).isEqualTo("deleted");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aCorrelationWhoseSubscriptionLostItsExecutionMeanwhileIsRunAgain() {
        // seed 8773213706381614750 of session 22's 600-scenario run: a client deleted a TRIAL service as its expiry
        // reminder's timer ended the reminder; the deletion's Msg_RemindersWithdrawn correlation had found the
        // reminder's subscription, read its execution after the timer's commit removed it, and the API answered 500
        AtomicInteger attempts = new AtomicInteger();
        String result = changes.retry(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw thrownAt("org.camunda.bpm.engine.impl.cmd.AbstractCorrelateMessageCmd",
                        "createMessageCorrelationResult");
            }
            return "deleted";
        });

        assertThat(result).isEqualTo("deleted");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aProcessInstanceWhoseExecutionsEndedWhileTheEngineReadItIsRunAgain() {
        // same run: a job read its process instance, another transaction ended the instance, and the job failed on
        // this, using up one of its retries
        AtomicInteger attempts = new AtomicInteger();
        String result = changes.retry(() -> {
            int attempt = attempts.incrementAndGet();
            if (attempt == 1) {
                throw new NullValueException("Cannot restore state of process instance 5802400700847: list of"
                        + " executions is empty");
            }
            if (attempt == 2) {
                throw new NullValueException("Cannot find execution with id '5802400823309' referenced from job"
                        + " 'MessageEntity[id=5802400823314]': execution is null");
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aNullPointerOutsideTheEnginesExecutionTreeIsABugNotAConcurrentChange() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> changes.retry(() -> {
            attempts.incrementAndGet();
            throw thrownAt("com.hostflow.lifecycle.deletion.ServiceDeletions", "deleteByAdmin");
        })).isInstanceOf(NullPointerException.class);
        assertThat(attempts).hasValue(1);
    }

    private static NullPointerException thrownAt(String className, String method) {
        NullPointerException failure = new NullPointerException();
        failure.setStackTrace(new StackTraceElement[] {new StackTraceElement(className, method, null, 1),
                new StackTraceElement("org.camunda.bpm.engine.impl.MessageCorrelationBuilderImpl",
                        "correlateAllWithResult", null, 1)});
        return failure;
    }

    @Test
    void aChangeThatKeepsMeetingOthersIsA409NotA500() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> changes.retry(() -> {
            attempts.incrementAndGet();
            throw new OptimisticLockingException("again");
        })).isInstanceOf(ConflictException.class).hasMessageContaining("retry");
        assertThat(attempts).hasValue(4);
    }

    @Test
    void otherFailuresAreNotRepeated() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> changes.retry(() -> {
            attempts.incrementAndGet();
            throw new ConflictException("service 7 is deleted already");
        })).isInstanceOf(ConflictException.class).hasMessage("service 7 is deleted already");
        assertThat(attempts).hasValue(1);
    }

    /**
     * A failure whose SQLException has no SQLState (the pool's "Connection is not available, request timed out",
     * which Hibernate wraps with SQLState null) is not a concurrent change: it is thrown as it is. The check asked
     * the set of conflict states whether it held null, and {@code Set.of(..).contains(null)} threw a
     * NullPointerException in its place (a 500 "unexpected failure" logged at the NPE, hiding the pool's timeout).
     */
    @Test
    void aFailureWithoutAnSqlStateIsThrownAsItIs() {
        AtomicInteger attempts = new AtomicInteger();
        RuntimeException timeout = new org.springframework.transaction.CannotCreateTransactionException(
                "Could not open JPA EntityManager for transaction",
                new java.sql.SQLTransientConnectionException("Connection is not available, request timed out"));

        assertThatThrownBy(() -> changes.retry(() -> {
            attempts.incrementAndGet();
            throw timeout;
        })).isSameAs(timeout);
        assertThat(attempts).hasValue(1);
    }
}
