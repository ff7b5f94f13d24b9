package com.hostflow.modules;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import com.hostflow.catalog.ProcessingModuleConfig;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every call of an adapter as {@code hostflow.module.operation} with the tags {@code type} (module type),
 * {@code operation} (open, suspend, ..., check_connection, hosts, delete_host or parameter_values), {@code call}
 * (execute, poll, check, list) and {@code outcome} (completed, pending, rejected, manual, technical, error; ok or
 * failed for a connection check; gone for a host to delete that was gone already).
 */
final class MeteredAdapter implements ProcessingModuleAdapter {

    static final String METER = "hostflow.module.operation";

    private final ProcessingModuleAdapter adapter;
    private final MeterRegistry meters;

    MeteredAdapter(ProcessingModuleAdapter adapter, MeterRegistry meters) {
        this.adapter = adapter;
        this.meters = meters;
    }

    @Override
    public ModuleTypeDescriptor descriptor() {
        return adapter.descriptor();
    }

    @Override
    public ConnectionCheck checkConnection(ProcessingModuleConfig module) {
        return timed("check_connection", "check", () -> adapter.checkConnection(module),
                check -> check.ok() ? "ok" : "failed");
    }

    @Override
    public ModuleOutcome execute(ProcessingModuleConfig module, ModuleRequest request) {
        return timed(request.operation().feature(), "execute", () -> adapter.execute(module, request),
                MeteredAdapter::outcome);
    }

    @Override
    public ModuleOutcome poll(ProcessingModuleConfig module, ModuleRequest request, String handle) {
        return timed(request.operation().feature(), "poll", () -> adapter.poll(module, request, handle),
                MeteredAdapter::outcome);
    }

    @Override
    public boolean setsRootPassword(ModuleOperation operation) {
        return adapter.setsRootPassword(operation);
    }

    @Override
    public boolean createsAccount(ModuleOperation operation) {
        return adapter.createsAccount(operation);
    }

    @Override
    public List<RemoteHost> hosts(ProcessingModuleConfig module) {
        return timed("hosts", "list", () -> adapter.hosts(module), hosts -> "completed");
    }

    @Override
    public boolean deleteHost(ProcessingModuleConfig module, RemoteHost host) {
        return timed("delete_host", "execute", () -> adapter.deleteHost(module, host),
                deleted -> deleted ? "completed" : "gone");
    }

    @Override
    public List<String> parameterValues(ProcessingModuleConfig module, String parameter) {
        return timed("parameter_values", "list", () -> adapter.parameterValues(module, parameter),
                values -> "completed");
    }

    private <T> T timed(String operation, String call, Supplier<T> work, Function<T, String> outcome) {
        Timer.Sample sample = Timer.start(meters);
        String result = "error";
        try {
            T answer = work.get();
            result = outcome.apply(answer);
            return answer;
        } catch (ModuleTechnicalException e) {
            result = "technical";
            throw e;
        } finally {
            sample.stop(Timer.builder(METER)
                    .description("Calls of processing-module adapters")
                    .tag("type", adapter.descriptor().type())
                    .tag("operation", operation)
                    .tag("call", call)
                    .tag("outcome", result)
                    .register(meters));
        }
    }

    private static String outcome(ModuleOutcome outcome) {
        if (outcome instanceof ModuleOutcome.Completed) {
            return "completed";
        }
        if (outcome instanceof ModuleOutcome.Pending) {
            return "pending";
        }
        return outcome instanceof ModuleOutcome.Rejected ? "rejected" : "manual";
    }
}
