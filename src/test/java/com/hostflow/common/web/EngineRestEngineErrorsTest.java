package com.hostflow.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.Test;

import jakarta.ws.rs.core.Response;

/** Which engine failures the engine REST answers as a request that lost to another one at the same moment. */
class EngineRestEngineErrorsTest {

    @Test
    void aDeadlockLostToAnotherRequestAndAFailureWithoutSqlStateDidNot() {
        assertThat(EngineRestEngineErrors.lostToAConcurrentRequest(
                new ProcessEngineException("flush", new SQLException("deadlock detected", "40P01")))).isTrue();
        // the pool's connection timeout has no SQLState: Set.of(..).contains(null) threw a NullPointerException
        assertThat(EngineRestEngineErrors.lostToAConcurrentRequest(
                new ProcessEngineException("flush", new SQLException("Connection is not available")))).isFalse();
    }

    /**
     * A process instance cancelled (Cockpit, {@code DELETE /process-instance/{id}}) while a worker started a
     * sub-process of it: the deletion's flush removes the execution the new instance points at, as PostgreSQL's
     * driver reports a batch (it was a 500 "An exception occurred in the persistence layer").
     */
    @Test
    void aCancellationThatMissedASubProcessStartedMeanwhileLostToIt() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 2 delete from ACT_RU_EXECUTION where ID_ ="
                + " ('2384884862080') and REV_ = ('1'::int4) was aborted", "23503", new int[0]);
        batch.setNextException(new SQLException("update or delete on table \"act_ru_execution\" violates foreign key"
                + " constraint \"act_fk_exe_super\" on table \"act_ru_execution\"", "23503"));
        ProcessEngineException flush = new ProcessEngineException("An exception occurred in the persistence layer."
                + " Please check the server logs for a detailed message and the entire exception stack trace.",
                new ProcessEngineException("ENGINE-03004 Exception while executing Database Operation 'DELETE"
                        + " ExecutionEntity[2384884862115]'", batch));

        assertThat(EngineRestEngineErrors.statusOf(flush)).isEqualTo(Response.Status.CONFLICT);
        assertThat(EngineRestEngineErrors.conflictMessage(flush.getMessage()))
                .isEqualTo(EngineRestEngineErrors.CHANGED_CONCURRENTLY);
    }
}
