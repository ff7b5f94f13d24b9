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

import com.hostflow.catalog.TariffGroupForm;
import com.hostflow.catalog.TariffGroupService;
import com.hostflow.catalog.TariffGroupView;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/tariff-groups")
@Tag(name = "Catalog: tariff groups")
class TariffGroupController {

    private final TariffGroupService groups;

    TariffGroupController(TariffGroupService groups) {
        this.groups = groups;
    }

    @GetMapping
    @PreAuthorize(CatalogAccess.ANYONE)
    List<TariffGroupView> list() {
        return groups.list();
    }

    @GetMapping("/{id}")
    @PreAuthorize(CatalogAccess.ANYONE)
    TariffGroupView get(@PathVariable long id) {
        return groups.get(id);
    }

    @PostMapping
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<TariffGroupView> create(@Valid @RequestBody TariffGroupForm form) {
        TariffGroupView created = groups.create(form);
        return CatalogAccess.created(created.id(), created);
    }

    @PutMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    TariffGroupView update(@PathVariable long id, @Valid @RequestBody TariffGroupForm form) {
        return groups.update(id, form);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<Void> delete(@PathVariable long id) {
        groups.delete(id);
        return ResponseEntity.noContent().build();
    }
}
