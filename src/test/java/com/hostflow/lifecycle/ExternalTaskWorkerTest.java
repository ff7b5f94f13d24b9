package com.hostflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

import com.hostflow.support.IntegrationTest;

/**
 * The worker reports every way a handler can fail: a task it neither completes nor fails stays locked for the whole
 * lock duration (five minutes), neither retried nor an incident Cockpit shows.
 */
@IntegrationTest
class ExternalTaskWorkerTest {

    @Autowired
    ExternalTaskService externalTasks;

    @Autowired
    RepositoryService repository;

    @Autowired
    RuntimeService runtime;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    NodeName nodeName;

    @Autowired
    ExternalTaskLeases leases;

    private final String topic = "worker-test-" + UUID.randomUUID();
    private String deploymentId;
    private ExternalTaskWorker worker;

    @AfterEach
    void tearDown() {
        if (worker != null) {
            worker.stop();
        }
        if (deploymentId != null) {
            repository.deleteDeployment(deploymentId, true);
        }
    }

    @Test
    void aHandlerThatThrowsAnErrorHasItsTaskFailedAndRetriedNotLeftLocked() {
        String processInstanceId = startProcessWithExternalTask();
        worker = workerFor(new ExternalTaskHandler() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public List<String> variables() {
                return List.of();
            }

            @Override
            public void handle(LockedExternalTask task, ExternalTaskCompletion completion) {
                throw new NoClassDefFoundError("com/example/Gone");
            }
        });
        worker.start();

        ExternalTask failed = Awaitility.await("the task's failure to be reported").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> externalTasks.createExternalTaskQuery().processInstanceId(processInstanceId)
                        .singleResult(), task -> task.getErrorMessage() != null);
        assertThat(failed.getErrorMessage()).contains("com/example/Gone");
        assertThat(failed.getRetries()).as("one of three attempts used").isEqualTo(2);
    }

    private String startProcessWithExternalTask() {
        String key = "WorkerTest_" + UUID.randomUUID().toString().replace("-", "");
        deploymentId = repository.createDeployment().addModelInstance(key + ".bpmn", Bpmn.createExecutableProcess(key)
                .startEvent().serviceTask("Task_Work").camundaExternalTask(topic).endEvent().done()).deploy().getId();
        return runtime.startProcessInstanceByKey(key).getId();
    }

    /** A worker of its own for the test's topic, beside the application's (which never fetches that topic). */
    private ExternalTaskWorker workerFor(ExternalTaskHandler handler) {
        return new ExternalTaskWorker(externalTasks, List.of(handler), new ExternalTaskWorkerSettings(true, 2,
                Duration.ofMinutes(5), Duration.ofMillis(100), 3, Duration.ofMinutes(1)), new ExternalTaskWakeUp(),
                transactions, nodeName, leases);
    }
}
