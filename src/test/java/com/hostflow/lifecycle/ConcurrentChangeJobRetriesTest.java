package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.hostflow.support.IntegrationTest;

/**
 * A job that loses to a concurrent change (here: a delegate failing with PostgreSQL's deadlock state) runs again
 * without using up its retries; one that keeps losing fails the usual way in the end.
 */
@IntegrationTest
class ConcurrentChangeJobRetriesTest {

    /** How often the step of each process instance (by business key) should still lose, and how often it ran. */
    static final Map<String, AtomicInteger> LOSSES_LEFT = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;

    private String deploymentId;

    /** Fails with a deadlock while the process instance has losses left, then succeeds. */
    public static class LosingStep implements JavaDelegate {

        @Override
        public void execute(DelegateExecution execution) throws Exception {
            RUNS.computeIfAbsent(execution.getBusinessKey(), k -> new AtomicInteger()).incrementAndGet();
            if (LOSSES_LEFT.get(execution.getBusinessKey()).getAndDecrement() > 0) {
                throw new IllegalStateException("lost",
                        new SQLException("ERROR: deadlock detected", "40P01"));
            }
        }
    }

    @AfterEach
    void undeploy() {
        if (deploymentId != null) {
            repository.deleteDeployment(deploymentId, true);
        }
    }

    @Test
    void aJobThatLosesToConcurrentChangesRunsAgainWithItsRetriesIntact() {
        String key = deploy();
        String businessKey = UUID.randomUUID().toString();
        // more losses in a row than the engine's three retries would survive
        LOSSES_LEFT.put(businessKey, new AtomicInteger(5));

        String processInstanceId = runtime.startProcessInstanceByKey(key, businessKey).getId();

        Awaitility.await("the process to end").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId)
                        .finished().count() == 1);
        assertThat(RUNS.get(businessKey)).hasValue(6);
        assertThat(runtime.createIncidentQuery().processInstanceId(processInstanceId).count()).isZero();
    }

    @Test
    void aJobThatNeverStopsLosingBecomesAnIncidentInTheEnd() {
        String key = deploy();
        String businessKey = UUID.randomUUID().toString();
        LOSSES_LEFT.put(businessKey, new AtomicInteger(Integer.MAX_VALUE));

        String processInstanceId = runtime.startProcessInstanceByKey(key, businessKey).getId();

        Awaitility.await("an incident").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> runtime.createIncidentQuery().processInstanceId(processInstanceId).count() == 1);
        assertThat(RUNS.get(businessKey).get()).as("runs again first, then the usual retries")
                .isGreaterThan(ConcurrentChangeJobRetries.MAX_RUNS_AGAIN);
    }

    private String deploy() {
        String key = "ConflictTest_" + UUID.randomUUID().toString().replace("-", "");
        deploymentId = repository.createDeployment().addModelInstance(key + ".bpmn", Bpmn.createExecutableProcess(key)
                .camundaHistoryTimeToLive(1).startEvent().serviceTask("Task_Losing").camundaAsyncBefore()
                .camundaClass(LosingStep.class.getName()).endEvent().done()).deploy().getId();
        return key;
    }
}
