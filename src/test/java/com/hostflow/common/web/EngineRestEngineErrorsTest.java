package com.hostflow.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.List;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;

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

    /**
     * A write of HostFlow's own rows under an engine REST request that failed in the database: the engine REST
     * answered 500 with Spring's message, the SQL and its values in it (helper-112's probe: a department's retry of
     * an open's task while the client's deletion withdrew the open met the journal's unique key).
     */
    @Test
    void aDatabaseFailureOfHostFlowsOwnRowsSaysWhatItMeansWithoutTheStatement() {
        String sql = "insert into hostflow.service_operation_attempt (service_id, key, attempt) values (?, ?, ?)";
        EngineRestEngineErrors.DomainConflicts mapper = new EngineRestEngineErrors.DomainConflicts();

        Response duplicate = mapper.toResponse(new DuplicateKeyException("PreparedStatementCallback; SQL [" + sql
                + "]; ERROR: duplicate key value violates unique constraint", new SQLException("duplicate key",
                        "23505")));
        Response tooLong = mapper.toResponse(new DataIntegrityViolationException("SQL [" + sql + "]",
                new SQLException("value too long for type character varying(255)", "22001")));
        Response other = mapper.toResponse(new DataIntegrityViolationException("SQL [" + sql + "]",
                new SQLException("null value in column \"key\" violates not-null constraint", "23502")));

        assertThat(duplicate.getStatus()).isEqualTo(409);
        assertThat(tooLong.getStatus()).isEqualTo(400);
        assertThat(other.getStatus()).isEqualTo(500);
        assertThat(List.of(duplicate, tooLong, other)).allSatisfy(answer -> assertThat(
                ((ExceptionDto) answer.getEntity()).getMessage()).doesNotContain("insert", "SQL", "duplicate key"));
    }
}
