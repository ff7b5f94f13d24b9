package com.hostflow.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.Test;

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
}
