package com.hostflow.catalog.web;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.common.web.CreateKey;
import com.hostflow.common.web.CreateOnce;
import com.hostflow.common.web.IfMatch;
import com.hostflow.catalog.ModuleConnectionChecks;
import com.hostflow.catalog.ProcessingModuleForm;
import com.hostflow.catalog.ProcessingModuleService;
import com.hostflow.catalog.ProcessingModuleView;
import com.hostflow.modules.ProcessingModuleAdapter.ConnectionCheck;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/processing-modules")
@Tag(name = "Processing modules", description = "The systems that really provide services (e.g. a VMmanager 6 panel), with credentials, department and queue settings.")
class ProcessingModuleController {

    private final ProcessingModuleService modules;
    private final ModuleConnectionChecks connectionChecks;
    private final CreateOnce once;

    ProcessingModuleController(ProcessingModuleService modules, ModuleConnectionChecks connectionChecks,
            CreateOnce once) {
        this.modules = modules;
        this.connectionChecks = connectionChecks;
        this.once = once;
    }

    @GetMapping
    @Operation(summary = "List processing modules", description = "ADMIN and STAFF; passwords never appear"
            + " (`integration.passwordSet` tells whether one is stored).")
    @PreAuthorize(CatalogAccess.STAFF)
    List<ProcessingModuleView> list() {
        return modules.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a processing module", description = "ADMIN and STAFF; 404 for an unknown id.")
    @PreAuthorize(CatalogAccess.STAFF)
    ProcessingModuleView get(@PathVariable long id) {
        return modules.get(id);
    }

    @PostMapping
    @PreAuthorize(CatalogAccess.ADMIN)
    @Operation(summary = "Create a processing module", description = "ADMIN only. `integration.password` is"
            + " write-only and stored encrypted. Module types that need a data center refuse a module without one.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "VMmanager on the simulator", value = CatalogExamples.PROCESSING_MODULE))))
    ResponseEntity<ProcessingModuleView> create(@Valid @RequestBody ProcessingModuleForm form, CreateKey key) {
        return once.answer(key, "module", form.withoutPassword(),
                () -> modules.create(form), ProcessingModuleView::id, modules::get);
    }

    @PutMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    @Operation(summary = "Replace a processing module", description = "ADMIN only; without"
            + " `integration.password` the stored one is kept.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "VMmanager on the simulator", value = CatalogExamples.PROCESSING_MODULE))))
    ProcessingModuleView update(@PathVariable long id, @Valid @RequestBody ProcessingModuleForm form, IfMatch ifMatch) {
        return modules.update(id, form, ifMatch);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a processing module", description = "ADMIN only; 409 while tariffs use it.")
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<Void> delete(@PathVariable long id, IfMatch ifMatch) {
        modules.delete(id, ifMatch);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/check-connection")
    @PreAuthorize(CatalogAccess.ADMIN)
    @Operation(summary = "Check a module's connection", description = "ADMIN only. Logs in to the module's"
            + " system with the stored settings: `{\"ok\": true|false, \"message\": ...}`.")
    ConnectionCheck checkConnection(@PathVariable long id) {
        return connectionChecks.check(id);
    }
}
