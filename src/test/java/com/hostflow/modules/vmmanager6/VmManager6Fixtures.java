package com.hostflow.modules.vmmanager6;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import com.hostflow.catalog.ProcessingModuleConfig;
import com.hostflow.modules.MachinePasswords;
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
                "vps" + serviceId + ".example.net", externalId, addons, Map.of(), params, List.of(), false,
                operation == ModuleOperation.OPEN || operation == ModuleOperation.RESET_PASSWORD
                        ? MachinePasswords.random() : null,
                operation == ModuleOperation.OPEN ? MachinePasswords.random() : null);
    }

    /** The same request as a (first or later) attempt carrying {@code rootPassword}. */
    static ModuleRequest attempt(ModuleRequest request, boolean firstAttempt, String rootPassword) {
        return new ModuleRequest(request.operation(), request.serviceId(), request.operationKey(),
                request.clientEmail(), request.clientName(), request.tariffName(), request.template(),
                request.domain(), request.externalId(), request.addons(), request.previousAddons(), request.params(),
                request.suspendReasons(), firstAttempt, rootPassword, request.accountPassword());
    }

    /** The same close, made while an open of the service may still be on its way to the module. */
    static ModuleRequest whileAnOpenMayRun(ModuleRequest close) {
        return new ModuleRequest(close.operation(), close.serviceId(), close.operationKey(), close.clientEmail(),
                close.clientName(), close.tariffName(), close.template(), close.domain(), close.externalId(),
                close.addons(), close.previousAddons(), close.params(), close.suspendReasons(), close.firstAttempt(),
                close.rootPassword(), close.accountPassword(), true);
    }

    /** Polls the way ModuleOperationProcess does (without the timer) until the outcome is no longer pending. */
    static ModuleOutcome settle(ProcessingModuleAdapter adapter, ProcessingModuleConfig module, ModuleRequest request,
            ModuleOutcome outcome) {
        AtomicReference<ModuleOutcome> latest = new AtomicReference<>(outcome);
        try {
            Awaitility.await("the module operation to finish").atMost(Duration.ofSeconds(60))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (latest.get() instanceof ModuleOutcome.Pending pending) {
                            latest.set(adapter.poll(module, request, pending.handle()));
                        }
                        return !(latest.get() instanceof ModuleOutcome.Pending);
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("still pending: " + ((ModuleOutcome.Pending) latest.get()).handle(), e);
        }
        return latest.get();
    }
}
