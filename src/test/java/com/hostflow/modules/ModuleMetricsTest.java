package com.hostflow.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.support.IntegrationTest;

import io.micrometer.core.instrument.MeterRegistry;

/** Every adapter call handed out by the registry is timed per type, operation and outcome, and Prometheus shows it. */
@IntegrationTest
class ModuleMetricsTest {

    @Autowired
    ModuleTypeRegistry registry;

    @Autowired
    MeterRegistry meters;

    @Autowired
    TestRestTemplate http;

    @Test
    void timesCallsPerTypeOperationAndOutcome() {
        ProcessingModuleConfig manual = new ProcessingModuleConfig(51, "manual", "vds", "manual", null, null,
                "support", 1, null, null, null, null, new ProcessingModuleConfig.Queue(false, 1, null));
        ProcessingModuleConfig nowhere = new ProcessingModuleConfig(52, "vmmanager6", "vds", "nowhere", 1L, "dc",
                "support", 1, "http://127.0.0.1:1/vm", "admin@example.com", "secret",
                new ProcessingModuleConfig.Settings("1", false, false), new ProcessingModuleConfig.Queue(false, 1, null));
        double manualBefore = count("manual", "open", "manual");
        double technicalBefore = count("vmmanager6", "suspend", "technical");

        registry.adapter("manual").orElseThrow().execute(manual, request(ModuleOperation.OPEN));
        assertThatThrownBy(() -> registry.adapter("vmmanager6").orElseThrow()
                .execute(nowhere, request(ModuleOperation.SUSPEND))).isInstanceOf(ModuleTechnicalException.class);

        assertThat(count("manual", "open", "manual")).isEqualTo(manualBefore + 1);
        assertThat(count("vmmanager6", "suspend", "technical")).isEqualTo(technicalBefore + 1);
        String prometheus = http.withBasicAuth("demo", "demo").getForObject("/actuator/prometheus", String.class);
        assertThat(prometheus).containsPattern(
                "hostflow_module_operation_seconds_count\\{[^}]*operation=\"suspend\"[^}]*outcome=\"technical\"[^}]*"
                        + "type=\"vmmanager6\"");
    }

    private double count(String type, String operation, String outcome) {
        var timer = meters.find(MeteredAdapter.METER).tags("type", type, "operation", operation, "outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private static ModuleRequest request(ModuleOperation operation) {
        return new ModuleRequest(operation, 1, "metrics-" + operation, "m@example.com", "M", "VPS", null, null, "17",
                Map.of(), Map.of(), Map.of(), List.of(), false,
                operation == ModuleOperation.OPEN ? MachinePasswords.random() : null,
                operation == ModuleOperation.OPEN ? MachinePasswords.random() : null);
    }
}
