package com.hostflow.simulator.vmmanager6;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A test that let VMmanager's tasks run long finishes them when it has seen what it wanted, instead of waiting. */
class VmManager6SimulatorTaskTimeTest {

    @Test
    void runningTasksFinishAtOnceWhenAskedAndAsTheFaultRateSays() {
        VmManager6Simulator simulator = new VmManager6Simulator();
        try {
            long started = simulator.createHostBehindHostFlowsBack("hostflow-1", "1-open-1");
            long failing = simulator.createHostBehindHostFlowsBack("hostflow-2", "2-open-1");
            simulator.control(new SimulatorControl(0.0, 600_000, false));
            simulator.stopHost(started);
            assertThat(simulator.runningTasks()).isEqualTo(1);

            simulator.finishRunningTasks();

            assertThat(simulator.runningTasks()).isZero();
            assertThat(simulator.host(started)).containsEntry("state", "stopped");

            simulator.stopHost(failing);
            simulator.control(new SimulatorControl(1.0, 600_000, false));
            simulator.finishRunningTasks();
            assertThat(simulator.runningTasks()).isZero();
            assertThat(simulator.host(failing).get("state")).isNotEqualTo("stopped");
        } finally {
            simulator.stop();
        }
    }
}
