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
import com.hostflow.catalog.TariffGroupForm;
import com.hostflow.catalog.TariffGroupService;
import com.hostflow.catalog.TariffGroupView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/tariff-groups")
@Tag(name = "Tariff groups", description = "How tariffs are grouped when clients choose what to order.")
class TariffGroupController {

    private final TariffGroupService groups;
    private final CreateOnce once;

    TariffGroupController(TariffGroupService groups, CreateOnce once) {
        this.groups = groups;
        this.once = once;
    }

    @GetMapping
    @Operation(summary = "List tariff groups", description = "Anyone logged in.")
    @PreAuthorize(CatalogAccess.ANYONE)
    List<TariffGroupView> list() {
        return groups.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a tariff group", description = "Anyone logged in; 404 for an unknown id.")
    @PreAuthorize(CatalogAccess.ANYONE)
    TariffGroupView get(@PathVariable long id) {
        return groups.get(id);
    }

    @PostMapping
    @Operation(summary = "Create a tariff group", description = "ADMIN only.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "VPS", value = CatalogExamples.TARIFF_GROUP))))
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<TariffGroupView> create(@Valid @RequestBody TariffGroupForm form, CreateKey key) {
        return once.answer(key, "tariff-group", form.toString(),
                () -> groups.create(form), TariffGroupView::id, groups::get);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Rename a tariff group", description = "ADMIN only.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "VPS", value = CatalogExamples.TARIFF_GROUP))))
    @PreAuthorize(CatalogAccess.ADMIN)
    TariffGroupView update(@PathVariable long id, @Valid @RequestBody TariffGroupForm form, IfMatch ifMatch) {
        return groups.update(id, form, ifMatch);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a tariff group", description = "ADMIN only; 409 while tariffs belong to it.")
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<Void> delete(@PathVariable long id, IfMatch ifMatch) {
        groups.delete(id, ifMatch);
        return ResponseEntity.noContent().build();
    }
}
