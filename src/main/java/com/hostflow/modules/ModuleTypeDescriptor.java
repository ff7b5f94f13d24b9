package com.hostflow.modules;

import java.util.List;
import java.util.Set;

/**
 * What a processing-module type is and can do, as listed by {@code GET /module-types}.
 *
 * @param requiresDataCenter a module of this type is rejected without a data center
 * @param configFields       the integration and settings fields its form shows
 * @param offersValuesFor    the parameters of its product types whose values a module of this type lists
 *                           ({@link ProcessingModuleAdapter#parameterValues}), e.g. {@code os}; empty when none
 */
public record ModuleTypeDescriptor(
        String type,
        String name,
        List<String> productTypes,
        Set<ModuleOperation> features,
        boolean requiresDataCenter,
        List<ConfigField> configFields,
        List<String> offersValuesFor) {

    public boolean supports(ModuleOperation operation) {
        return features.contains(operation);
    }

    public boolean offersValuesFor(String parameter) {
        return offersValuesFor.contains(parameter);
    }

    /** One field of the module's form; {@code kind} is one of string, url, password, boolean, integer. */
    public record ConfigField(String name, String label, String kind, boolean required) {
    }
}
