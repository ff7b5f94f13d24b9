package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import com.hostflow.common.time.ClockControl;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Client;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.lifecycle.ExternalTaskWakeUp;
import com.hostflow.lifecycle.moduleoperation.ModuleAnswersAgain;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;

/**
 * A VMmanager that stops answering and comes back: the operations that gave up on it (failure policy
 * RETRY_WHEN_ANSWERING) try again when it answers a connection check, not an hour later. In
 * {@link ShortRetriesIntegrationTest}'s context (short retries, retry-later an hour).
 */
@ShortRetriesIntegrationTest
class ModuleAnswersAgainTest {

    private static final Login ADMIN = new Login("demo", "demo");

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    HistoryService history;

    @Autowired
    ClockControl clock;

    @Autowired
    VmManager6Simulator simulator;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProcessEngine engine;

    @Autowired
    ExternalTaskWakeUp workerWakeUp;

    @Autowired
    ModuleAnswersAgain answersAgain;

    @Autowired
    ScheduledAnnotationBeanPostProcessor scheduledRounds;

    @Autowired
    ThreadPoolTaskScheduler scheduler;

    @LocalServerPort
    int port;

    EndToEndApi api;
    QuietEngine quiet;
    Catalog catalog;
    Client client;

    @BeforeEach
    void setUp() {
        api = new EndToEndApi(http, runtime, management);
        quiet = new QuietEngine(api, ADMIN, clock, jdbc, engine, workerWakeUp);
        String unique = Long.toString(System.nanoTime(), 36);
        catalog = api.catalog(ADMIN, port, unique, "admin@example.com", "secret");
        client = api.client(ADMIN, catalog.providerId(), unique);
        api.pay(ADMIN, client.id(), "20.00");
        simulator.control(new SimulatorControl(0.0, 0, false));
    }

    @AfterEach
    void tearDown() {
        simulator.control(new SimulatorControl(0.0, 0, false));
        clock.reset();
    }

    @Test
    void anOrderWaitingForAVmManagerThatWasDownIsOpenedOnceItAnswersAgain() {
        simulator.control(new SimulatorControl(0.0, 0, true));
        long serviceId = order();
        String operation = waitingToRetry(serviceId);
        assertThat(runtime.getVariable(operation, ModuleOperationProcess.FAILURE_POLICY))
                .isEqualTo("RETRY_WHEN_ANSWERING");

        answersAgain.wakeWaitsOfModulesThatAnswer();
        assertThat(waitsToRetry(serviceId)).as("VMmanager still down: its connection check fails").isTrue();

        simulator.control(new SimulatorControl(0.0, 0, false));
        assertThat(answersAgain.wakeWaitsOfModulesThatAnswer()).isPositive();

        quiet.settle(QuietEngine.POLL_WAITS, () -> api.describe(serviceId));
        assertThat(api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId)).get("status").asText())
                .as(() -> api.describe(serviceId)).isEqualTo("ACTIVE");
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(operation)
                .activityId(ModuleOperationProcess.EVENT_MODULE_ANSWERS_AGAIN).finished().count()).isOne();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(operation)
                .activityId(ModuleOperationProcess.TIMER_RETRY_LATER).count()).as("no hour waited").isZero();
        assertThat(simulator.allHosts().stream().filter(host -> String.valueOf(host.get("comment"))
                .startsWith(serviceId + "-")).count()).as("one VM").isOne();
    }

    /**
     * A module that answered slowly or with a server error (RETRY_LATER) may well pass its connection check all along:
     * that says nothing about the failed operation, which waits out retry-later. The simulator cannot time out here
     * within a test's time, so the wait's decided policy stands for it.
     */
    @Test
    void aWaitAfterASlowOrFailingAnswerIsNotWokenByAPassingConnectionCheck() {
        simulator.control(new SimulatorControl(0.0, 0, true));
        long serviceId = order();
        String operation = waitingToRetry(serviceId);
        runtime.setVariable(operation, ModuleOperationProcess.FAILURE_POLICY, "RETRY_LATER");
        simulator.control(new SimulatorControl(0.0, 0, false));

        answersAgain.wakeWaitsOfModulesThatAnswer();

        assertThat(waitsToRetry(serviceId)).isTrue();
        assertThat(api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId)).get("status").asText())
                .isEqualTo("PROCESSING");
    }

    /**
     * Two nodes check at the same moment: both list the wait, both find the module answering, both wake it. One wakes
     * it; the other matches nothing or loses the engine's optimistic lock, and neither round fails.
     */
    @Test
    void twoRoundsAtOnceWakeAWaitOnce() throws Exception {
        simulator.control(new SimulatorControl(0.0, 0, true));
        long serviceId = order();
        String operation = waitingToRetry(serviceId);
        simulator.control(new SimulatorControl(0.0, 0, false));

        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<Integer>> rounds = new ArrayList<>();
            for (int node = 0; node < 2; node++) {
                rounds.add(nodes.submit(() -> {
                    together.await();
                    return answersAgain.wakeWaitsOfModulesThatAnswer();
                }));
            }
            for (Future<Integer> round : rounds) {
                round.get(60, TimeUnit.SECONDS);
            }
        } finally {
            nodes.shutdownNow();
        }

        quiet.settle(QuietEngine.POLL_WAITS, () -> api.describe(serviceId));
        assertThat(api.ok(api.get(ADMIN, "/api/v1/services/" + serviceId)).get("status").asText())
                .as(() -> api.describe(serviceId)).isEqualTo("ACTIVE");
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(operation)
                .activityId(ModuleOperationProcess.EVENT_MODULE_ANSWERS_AGAIN).count()).as("woken once").isOne();
        assertThat(simulator.allHosts().stream().filter(host -> String.valueOf(host.get("comment"))
                .startsWith(serviceId + "-")).count()).as("one VM").isOne();
    }

    /** One wait that fails to go on (rolled back, it still waits) holds up none of the others of the round. */
    @Test
    void aWaitThatCannotGoOnHoldsUpNoOtherWait() {
        simulator.control(new SimulatorControl(0.0, 0, true));
        long broken = order();
        long fine = order();
        String brokenOperation = waitingToRetry(broken);
        waitingToRetry(fine);
        // an admin's edit in Cockpit that its next gateway cannot read ("Module chosen?" compares it with 'open')
        runtime.setVariable(brokenOperation, ModuleOperationProcess.OPERATION, 42);
        simulator.control(new SimulatorControl(0.0, 0, false));

        answersAgain.wakeWaitsOfModulesThatAnswer();

        assertThat(waitsToRetry(broken)).isTrue();
        assertThat(waitsToRetry(fine)).isFalse();
    }

    /**
     * The check runs as a {@code @Scheduled} round; a module that takes its read timeout to fail the check must not
     * hold up the mail sender or the payment-event sweep, as it would on Spring's one scheduling thread.
     */
    @Test
    void everyScheduledRoundHasAThreadOfItsOwn() {
        assertThat(scheduledRounds.getScheduledTasks()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(scheduler.getPoolSize()).isGreaterThanOrEqualTo(scheduledRounds.getScheduledTasks().size());
    }

    private long order() {
        return api.ok(api.post(client.login(), "/api/v1/orders", Map.of("clientId", client.id(), "tariffId",
                catalog.tariffId(), "period", "MONTH", "params", Map.of("os", "debian-12")))).get("serviceId")
                .asLong();
    }

    /** Waits until the service's module operation waits to retry; answers that operation's instance. */
    private String waitingToRetry(long serviceId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            quiet.bringTimerForward(Duration.ofSeconds(5));
            return waitsToRetry(serviceId);
        });
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId))
                .processDefinitionKey(ModuleOperationProcess.KEY).list().stream().map(ProcessInstance::getId)
                .findFirst().orElseThrow();
    }

    private boolean waitsToRetry(long serviceId) {
        return runtime.createExecutionQuery().processInstanceBusinessKey(Long.toString(serviceId))
                .activityId(ModuleOperationProcess.GATEWAY_RETRY_LATER_OR_WITHDRAWN).count() > 0;
    }
}
