package com.hostflow.simulator.vmmanager6;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A huge {@code ipv4_number} was cast to an int: 2^32 + 1 addresses made a host of one address, 2^31 one of none,
 * where VMmanager refuses a count its pool cannot give.
 */
class VmManager6SimulatorAddressCountTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCountBeyondThePoolIsRefusedHoweverLargeNeverWrappedAround() {
        VmManager6Simulator simulator = new VmManager6Simulator();
        try {
            long account = ((Number) simulator.createAccount(JSON.createObjectNode().put("email", "n@example.com")
                    .put("password", "pw-n").put("role", "@user")).get("id")).longValue();
            for (long count : List.of(4_294_967_297L, 2_147_483_648L)) {
                assertThatThrownBy(() -> simulator.createHost(host(account, count))).as("ipv4_number " + count)
                        .isInstanceOfSatisfying(SimulatorException.class,
                                e -> assertThat(e.getMessage()).contains("Not enough free IPv4 addresses"));
            }
            assertThat(simulator.hostCount()).isZero();

            long id = ((Number) simulator.createHost(host(account, 1)).get("id")).longValue();
            assertThatThrownBy(() -> simulator.addAddresses(id, JSON.createObjectNode()
                    .put("ipv4_number", 4_294_967_296L)))
                    .isInstanceOfSatisfying(SimulatorException.class,
                            e -> assertThat(e.getMessage()).contains("Not enough free IPv4 addresses"));
            assertThat(simulator.runningTasks()).as("only the creation's task").isEqualTo(1);
        } finally {
            simulator.stop();
        }
    }

    private static ObjectNode host(long account, long addresses) {
        return JSON.createObjectNode().put("name", "hostflow-1").put("password", "pw-1").put("cluster", 1)
                .put("os", 1).put("account", account).put("cpu_number", 1).put("ram_mib", 1024).put("hdd_mib", 10240)
                .put("ipv4_number", addresses);
    }
}
