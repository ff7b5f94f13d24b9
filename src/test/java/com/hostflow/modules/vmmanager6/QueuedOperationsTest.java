package com.hostflow.modules.vmmanager6;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleQueueSlots;
import com.hostflow.modules.ModuleRequest;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;

/** Ten operations at once on a module with two queues: VMmanager never sees more than two tasks running. */
@IntegrationTest
class QueuedOperationsTest {

    @LocalServerPort
    int port;

    @Autowired
    VmManager6Adapter adapter;

    @Autowired
    ModuleQueueSlots queue;

    @Autowired
    VmManager6Simulator simulator;

    @AfterEach
    void defaultSimulator() {
        simulator.reset();
    }

    @Test
    void runsAtMostTwoOperationsAtOnce() throws Exception {
        simulator.reset();
        simulator.control(new SimulatorControl(0.0, 300, false));
        ProcessingModuleConfig module = new ProcessingModuleConfig(800_000 + System.nanoTime() % 100_000, "vmmanager6",
                "vds", "queued", 1L, "dc", "support", 1, "http://localhost:" + port + "/simulator/vmmanager6",
                "admin@example.com", "secret", new ProcessingModuleConfig.Settings("1", false, false),
                new ProcessingModuleConfig.Queue(true, 2, "cluster"));
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<ModuleOutcome>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ModuleRequest open = VmManager6Fixtures.request(ModuleOperation.OPEN, 100 + i, "queued-" + UUID.randomUUID(),
                    "queued@example.com", null, Map.of("cpu", 1L, "ram", 1024L, "disk", 10240L),
                    Map.of("os", "debian-12"), null);
            results.add(pool.submit(() -> runInQueue(module, open)));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        for (Future<ModuleOutcome> result : results) {
            assertThat(result.get()).isInstanceOf(ModuleOutcome.Completed.class);
        }
        assertThat(simulator.hostCount()).isEqualTo(10);
        assertThat(simulator.maxRunningTasks()).isEqualTo(2);
    }

    /** What ModuleOperationProcess does with timers: try for a turn, call, poll until done, give the turn back. */
    private ModuleOutcome runInQueue(ProcessingModuleConfig module, ModuleRequest open) {
        while (!queue.tryAcquire(module, open.operationKey()).acquired()) {
            VmManager6Fixtures.sleep(40);
        }
        try {
            return VmManager6Fixtures.settle(adapter, module, open, adapter.execute(module, open));
        } finally {
            queue.release(module.id(), open.operationKey());
        }
    }
}
