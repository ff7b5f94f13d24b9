package com.hostflow.simulator.vmmanager6;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The demo's simulator lived in memory only: after a restart (or {@code kill -9}) of the demo every service had lost
 * its VM, the drift sync handed each to the department and the module refused their suspensions. With a state file it
 * keeps what a VMmanager on its own machine keeps.
 */
class VmManager6SimulatorStateFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void aSimulatorStartedOnTheFileOfAKilledOneHasItsAccountsHostsAndRunningTasks() throws Exception {
        SimulatorStateFile file = new SimulatorStateFile(directory.resolve("state/vmmanager6.json"));
        VmManager6Simulator first = new VmManager6Simulator(file);
        long hostId;
        long stopTask;
        List<String> addresses;
        try {
            first.control(new SimulatorControl(0.0, 0, false));
            long account = id(first.createAccount(body(Map.of("email", "c1@example.com", "password", "pw-of-c1"))));
            hostId = id(first.createHost(body(Map.of("name", "hostflow-7", "password", "root-pw-7", "cluster", 1,
                    "os", 2, "account", account, "comment", "7-open-1", "cpu_number", 2, "ram_mib", 2048,
                    "hdd_mib", 20480))));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "active".equals(first.host(hostId)
                    .get("state")));
            addresses = addresses(first, hostId);
            // a stop still running when the process is killed
            first.control(new SimulatorControl(0.0, 600_000, false));
            stopTask = ((Number) first.stopHost(hostId).get("task")).longValue();
        } finally {
            first.stop();
        }
        assertThat(Files.readString(file.path())).as("passwords are kept as hashes only")
                .doesNotContain("root-pw-7").doesNotContain("pw-of-c1").doesNotContain("\"secret\"");

        VmManager6Simulator second = new VmManager6Simulator(new SimulatorStateFile(file.path()));
        try {
            assertThat(second.hostsWithComment("7-open-1")).hasSize(1);
            assertThat(second.host(hostId)).containsEntry("cpu_number", 2L).containsEntry("ram_mib", 2048L);
            assertThat(addresses(second, hostId)).isEqualTo(addresses);
            assertThat(second.hostPasswordIs(hostId, "root-pw-7")).isTrue();
            assertThat(second.login("c1@example.com", "pw-of-c1")).containsKey("token");
            assertThatThrownBy(() -> second.login("c1@example.com", "wrong")).isInstanceOf(SimulatorException.class);
            assertThat(second.login(VmManager6Simulator.ADMIN_EMAIL, VmManager6Simulator.ADMIN_PASSWORD))
                    .containsKey("token");
            // the stop goes on after the restart, with the default task delay
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "stopped".equals(second.host(hostId)
                    .get("state")));
            assertThat(second.tasks(null).get("list").toString()).contains("consul_id=" + stopTask);
            // a new host takes neither an id nor an address of the old ones
            long newHost = second.createHostBehindHostFlowsBack("hostflow-8", "8-open-1");
            assertThat(newHost).isGreaterThan(stopTask);
            assertThat(addresses(second, newHost)).doesNotContainAnyElementsOf(addresses);

            second.reset();
        } finally {
            second.stop();
        }
        VmManager6Simulator third = new VmManager6Simulator(new SimulatorStateFile(file.path()));
        try {
            assertThat(third.hostCount()).as("a reset is kept too").isZero();
        } finally {
            third.stop();
        }
    }

    @Test
    void theFileKeepsTheRunningTasksAndTheNewestFinishedOnes() {
        SimulatorStateFile file = new SimulatorStateFile(directory.resolve("vmmanager6.json"));
        VmManager6Simulator first = new VmManager6Simulator(file);
        long hostId = first.createHostBehindHostFlowsBack("hostflow-9", "9-open-1");
        long oldest;
        long newest;
        long running;
        try {
            first.control(new SimulatorControl(0.0, 0, false));
            oldest = ((Number) first.startHost(hostId).get("task")).longValue();
            for (int i = 0; i < VmManager6Simulator.KEPT_FINISHED_TASKS; i++) {
                first.startHost(hostId);
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> first.runningTasks() == 0);
            newest = ((Number) first.startHost(hostId).get("task")).longValue();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> first.runningTasks() == 0);
            first.control(new SimulatorControl(0.0, 600_000, false));
            running = ((Number) first.stopHost(hostId).get("task")).longValue();
            assertThat(first.tasks(null).get("size")).as("in memory: all of them")
                    .isEqualTo(VmManager6Simulator.KEPT_FINISHED_TASKS + 3);
        } finally {
            first.stop();
        }

        VmManager6Simulator second = new VmManager6Simulator(new SimulatorStateFile(file.path()));
        try {
            String kept = second.tasks(null).get("list").toString();
            assertThat(second.tasks(null).get("size")).isEqualTo(VmManager6Simulator.KEPT_FINISHED_TASKS + 1);
            assertThat(kept).contains("consul_id=" + newest + ",").contains("consul_id=" + running + ",")
                    .doesNotContain("consul_id=" + oldest + ",");
            assertThat(second.runningTasks()).isEqualTo(1);
        } finally {
            second.stop();
        }
    }

    private static JsonNode body(Map<String, Object> fields) {
        return JSON.valueToTree(fields);
    }

    private static long id(Map<String, Object> answer) {
        return ((Number) answer.get("id")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> addresses(VmManager6Simulator simulator, long hostId) {
        return ((List<Map<String, Object>>) simulator.host(hostId).get("ip4")).stream()
                .map(ip -> (String) ip.get("ip")).toList();
    }
}
