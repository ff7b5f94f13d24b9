package com.hostflow.catalog.web;

import java.util.List;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.common.web.NotFoundException;
import com.hostflow.modules.ModuleTypeDescriptor;
import com.hostflow.modules.ModuleTypeRegistry;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;


/** The processing-module types installed, with their operations and form fields. */
@RestController
@RequestMapping("/api/v1/module-types")
@Tag(name = "Module types", description = "The processing-module types installed: the operations each supports and the fields of its form.")
class ModuleTypeController {

    private final ModuleTypeRegistry registry;

    ModuleTypeController(ModuleTypeRegistry registry) {
        this.registry = registry;
    }

    @GetMapping
    @Operation(summary = "List module types", description = "ADMIN and STAFF.")
    @PreAuthorize(CatalogAccess.STAFF)
    List<ModuleTypeView> list() {
        return registry.descriptors().stream().map(ModuleTypeView::of).toList();
    }

    @GetMapping("/{type}")
    @Operation(summary = "Get a module type", description = "ADMIN and STAFF; 404 for a type not installed.")
    @PreAuthorize(CatalogAccess.STAFF)
    ModuleTypeView get(@PathVariable String type) {
        return registry.descriptor(type).map(ModuleTypeView::of)
                .orElseThrow(() -> new NotFoundException("module type", type));
    }

    /**
     * {@code features} are the operation names of BILLmanager's module commands (open, suspend, ...);
     * {@code offersValuesFor} the parameters whose choices a module of the type can fill
     * ({@code POST /product-types/{code}/load-choices}).
     */
    record ModuleTypeView(String type, String name, List<String> productTypes, List<String> features,
            boolean requiresDataCenter, List<ModuleTypeDescriptor.ConfigField> configFields,
            List<String> offersValuesFor) {

        static ModuleTypeView of(ModuleTypeDescriptor d) {
            return new ModuleTypeView(d.type(), d.name(), d.productTypes(),
                    d.features().stream().sorted().map(o -> o.feature()).toList(), d.requiresDataCenter(),
                    d.configFields(), d.offersValuesFor());
        }
    }
}
