package com.hostflow.modules.vmmanager6;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.modules.ModuleOutcome;
import com.hostflow.modules.ModuleRequest;
import com.hostflow.modules.ProcessingModuleAdapter;

/** Modules and requests for the adapter tests. */
final class VmManager6Fixtures {

    private VmManager6Fixtures() {
    }

    static ProcessingModuleConfig module(long id, String url, String password) {
        return new ProcessingModuleConfig(id, VmManager6Adapter.TYPE, "vds", "VMmanager test " + id, 1L, "dc-1",
                "support", 1, url, "admin@example.com", password,
                new ProcessingModuleConfig.Settings("1", false, false),
                new ProcessingModuleConfig.Queue(false, 1, "cluster"));
    }

    static ModuleRequest request(ModuleOperation operation, long serviceId, String key, String email,
            String externalId, Map<String, Long> addons, Map<String, String> params, String template) {
        return new ModuleRequest(operation, serviceId, key, email, "Client " + serviceId, "VPS test", template,
                "vps" + serviceId + ".example.net", externalId, addons, Map.of(), params, List.of());
    }

    /** Polls the way ModuleOperationProcess does (without the timer) until the outcome is no longer pending. */
    static ModuleOutcome settle(ProcessingModuleAdapter adapter, ProcessingModuleConfig module, ModuleRequest request,
            ModuleOutcome outcome) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (outcome instanceof ModuleOutcome.Pending pending) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still pending: " + pending.handle());
            }
            sleep(50);
            outcome = adapter.poll(module, request, pending.handle());
        }
        return outcome;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
