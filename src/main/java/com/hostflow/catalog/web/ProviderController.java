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

import com.hostflow.catalog.ProviderForm;
import com.hostflow.catalog.ProviderService;
import com.hostflow.catalog.ProviderView;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/providers")
@Tag(name = "Catalog: providers")
class ProviderController {

    private final ProviderService providers;

    ProviderController(ProviderService providers) {
        this.providers = providers;
    }

    @GetMapping
    @PreAuthorize(CatalogAccess.ANYONE)
    List<ProviderView> list() {
        return providers.list();
    }

    @GetMapping("/{id}")
    @PreAuthorize(CatalogAccess.ANYONE)
    ProviderView get(@PathVariable long id) {
        return providers.get(id);
    }

    @PostMapping
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<ProviderView> create(@Valid @RequestBody ProviderForm form) {
        ProviderView created = providers.create(form);
        return CatalogAccess.created(created.id(), created);
    }

    @PutMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    ProviderView update(@PathVariable long id, @Valid @RequestBody ProviderForm form) {
        return providers.update(id, form);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<Void> delete(@PathVariable long id) {
        providers.delete(id);
        return ResponseEntity.noContent().build();
    }
}
