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

import com.hostflow.catalog.ProcessingModuleForm;
import com.hostflow.catalog.ProcessingModuleService;
import com.hostflow.catalog.ProcessingModuleView;
import com.hostflow.modules.ProcessingModuleAdapter.ConnectionCheck;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/processing-modules")
@Tag(name = "Catalog: processing modules")
class ProcessingModuleController {

    private final ProcessingModuleService modules;

    ProcessingModuleController(ProcessingModuleService modules) {
        this.modules = modules;
    }

    @GetMapping
    @PreAuthorize(CatalogAccess.STAFF)
    List<ProcessingModuleView> list() {
        return modules.list();
    }

    @GetMapping("/{id}")
    @PreAuthorize(CatalogAccess.STAFF)
    ProcessingModuleView get(@PathVariable long id) {
        return modules.get(id);
    }

    @PostMapping
    @PreAuthorize(CatalogAccess.ADMIN)
    @Operation(summary = "Create a processing module; integration.password is write-only and stored encrypted")
    ResponseEntity<ProcessingModuleView> create(@Valid @RequestBody ProcessingModuleForm form) {
        ProcessingModuleView created = modules.create(form);
        return CatalogAccess.created(created.id(), created);
    }

    @PutMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    @Operation(summary = "Replace a processing module; without integration.password the stored one is kept")
    ProcessingModuleView update(@PathVariable long id, @Valid @RequestBody ProcessingModuleForm form) {
        return modules.update(id, form);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<Void> delete(@PathVariable long id) {
        modules.delete(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/check-connection")
    @PreAuthorize(CatalogAccess.ADMIN)
    @Operation(summary = "Log in to the module's system with the stored settings and tell whether it worked")
    ConnectionCheck checkConnection(@PathVariable long id) {
        return modules.checkConnection(id);
    }
}
