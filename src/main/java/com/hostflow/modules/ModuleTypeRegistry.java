package com.hostflow.modules;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * All processing-module types known to this installation, one per {@link ProcessingModuleAdapter} bean. The adapters it
 * hands out are timed ({@link MeteredAdapter}), so every caller's module calls show up in the metrics.
 */
@Component
public class ModuleTypeRegistry {

    private final Map<String, ProcessingModuleAdapter> adapters;

    ModuleTypeRegistry(List<ProcessingModuleAdapter> adapters, MeterRegistry meters) {
        this.adapters = adapters.stream()
                .collect(Collectors.toUnmodifiableMap(a -> a.descriptor().type(),
                        a -> (ProcessingModuleAdapter) new MeteredAdapter(a, meters)));
    }

    public Optional<ProcessingModuleAdapter> adapter(String type) {
        return Optional.ofNullable(adapters.get(type));
    }

    public Optional<ModuleTypeDescriptor> descriptor(String type) {
        return adapter(type).map(ProcessingModuleAdapter::descriptor);
    }

    public List<ModuleTypeDescriptor> descriptors() {
        return adapters.values().stream()
                .map(ProcessingModuleAdapter::descriptor)
                .sorted(Comparator.comparing(ModuleTypeDescriptor::type))
                .toList();
    }
}
