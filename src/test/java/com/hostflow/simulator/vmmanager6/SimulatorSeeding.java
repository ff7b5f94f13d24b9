package com.hostflow.simulator.vmmanager6;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * For benchmarks that seed services by SQL: a running host in the simulator for each, named and commented the way
 * HostFlow's open names them ({@code hostflow-<service id>}, comment {@code <service id>-open-…}), without going
 * through HostFlow's open.
 */
public final class SimulatorSeeding {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SimulatorSeeding() {
    }

    /** Creates one host per service on the simulator's admin account; answers the host ids in the same order. */
    public static List<Long> hostsFor(VmManager6Simulator simulator, List<Long> serviceIds) {
        List<Long> hostIds = new ArrayList<>(serviceIds.size());
        for (long serviceId : serviceIds) {
            ObjectNode body = JSON.createObjectNode()
                    .put("name", "hostflow-" + serviceId)
                    .put("password", "seeded-" + serviceId)
                    .put("cluster", 1)
                    .put("os", 1)
                    .put("account", 1)
                    .put("cpu_number", 1)
                    .put("ram_mib", 2048)
                    .put("hdd_mib", 20480)
                    .put("comment", serviceId + "-open-seeded");
            Map<String, Object> answer = simulator.createHost(body);
            hostIds.add(((Number) answer.get("id")).longValue());
        }
        return hostIds;
    }
}
