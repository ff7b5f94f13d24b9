package com.hostflow.simulator.vmmanager6;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The demo's simulator lives in memory, so a restart of the demo (or {@code _control/reset}) forgets its hosts while
 * HostFlow keeps the services that name them. Its ids started at 1 again, so a host made after the restart took the id
 * an old service still held, and deleting that old service deleted the new service's VM (found acting as a new user on
 * the demo: service 1's deletion removed host 4, which had become service 23's). Ids now count on from the moment the
 * simulator started, and a reset never counts back.
 */
class VmManager6SimulatorIdsTest {

    @Test
    void aRestartedOrResetSimulatorNeverHandsOutAnIdItHandedOutBefore() {
        long started = System.currentTimeMillis();
        VmManager6Simulator simulator = new VmManager6Simulator();
        try {
            long before = simulator.createHostBehindHostFlowsBack("hostflow-1", "1-open-1");
            assertThat(before).as("ids count from the simulator's start, above those of an earlier run")
                    .isGreaterThanOrEqualTo(started);

            simulator.reset();
            long after = simulator.createHostBehindHostFlowsBack("hostflow-2", "2-open-2");

            assertThat(after).isGreaterThan(before);
        } finally {
            simulator.stop();
        }
    }
}
