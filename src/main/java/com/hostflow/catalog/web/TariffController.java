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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.catalog.TariffForm;
import com.hostflow.catalog.TariffService;
import com.hostflow.catalog.TariffView;
import com.hostflow.security.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/** Tariff plans. Clients see only active ones: an inactive tariff cannot be ordered. */
@RestController
@RequestMapping("/api/v1/tariffs")
@Tag(name = "Catalog: tariffs")
class TariffController {

    private final TariffService tariffs;
    private final CurrentUser currentUser;

    TariffController(TariffService tariffs, CurrentUser currentUser) {
        this.tariffs = tariffs;
        this.currentUser = currentUser;
    }

    @GetMapping
    @PreAuthorize(CatalogAccess.ANYONE)
    @Operation(summary = "List tariffs, optionally filtered by product type, provider, group and active")
    List<TariffView> list(@RequestParam(required = false) String productType,
            @RequestParam(required = false) Long providerId, @RequestParam(required = false) Long groupId,
            @RequestParam(required = false) Boolean active) {
        return tariffs.list(productType, providerId, groupId, currentUser.isClient() ? Boolean.TRUE : active);
    }

    @GetMapping("/{id}")
    @PreAuthorize(CatalogAccess.ANYONE)
    TariffView get(@PathVariable long id) {
        return currentUser.isClient() ? tariffs.getActive(id) : tariffs.get(id);
    }

    @PostMapping
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<TariffView> create(@Valid @RequestBody TariffForm form) {
        TariffView created = tariffs.create(form);
        return CatalogAccess.created(created.id(), created);
    }

    @PutMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    @Operation(summary = "Replace a tariff; its provider and product type cannot change (409)")
    TariffView update(@PathVariable long id, @Valid @RequestBody TariffForm form) {
        return tariffs.update(id, form);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<Void> delete(@PathVariable long id) {
        tariffs.delete(id);
        return ResponseEntity.noContent().build();
    }
}
