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

import com.hostflow.common.web.CreateKey;
import com.hostflow.common.web.CreateOnce;
import com.hostflow.common.web.IfMatch;
import com.hostflow.catalog.TariffForm;
import com.hostflow.catalog.TariffService;
import com.hostflow.catalog.TariffView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/** Tariff plans. Clients see only their provider's active ones: an inactive tariff cannot be ordered. */
@RestController
@RequestMapping("/api/v1/tariffs")
@Tag(name = "Tariffs", description = "What clients order: a product type's plan with prices per period, trial days and add-ons (resources beyond what is included).")
class TariffController {

    private final TariffService tariffs;
    private final CreateOnce once;

    TariffController(TariffService tariffs, CreateOnce once) {
        this.tariffs = tariffs;
        this.once = once;
    }

    @GetMapping
    @PreAuthorize(CatalogAccess.ANYONE)
    @Operation(summary = "List tariffs", description = "Anyone logged in; filters by product type, provider, group"
            + " and active. A CLIENT sees its own provider's active tariffs only (another `providerId` is 404).")
    List<TariffView> list(@RequestParam(required = false) String productType,
            @RequestParam(required = false) Long providerId, @RequestParam(required = false) Long groupId,
            @RequestParam(required = false) Boolean active) {
        return tariffs.listVisible(productType, providerId, groupId, active);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a tariff", description = "Anyone logged in; 404 for an unknown id, and for a CLIENT"
            + " also for an inactive tariff or another provider's.")
    @PreAuthorize(CatalogAccess.ANYONE)
    TariffView get(@PathVariable long id) {
        return tariffs.getVisible(id);
    }

    @PostMapping
    @Operation(summary = "Create a tariff", description = "ADMIN only. Prices are per period the product type"
            + " offers; an add-on's price is per `step` above `included`. `createAllAddons` adds every other resource"
            + " of the product type with nothing included and no price.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "VPS-2", value = CatalogExamples.TARIFF))))
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<TariffView> create(@Valid @RequestBody TariffForm form, CreateKey key) {
        return once.answer(key, "tariff", form.toString(), () -> tariffs.create(form), TariffView::id, tariffs::get);
    }

    @PutMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    @Operation(summary = "Replace a tariff", description = "ADMIN only; its provider and product type cannot"
            + " change (409).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "VPS-2", value = CatalogExamples.TARIFF))))
    TariffView update(@PathVariable long id, @Valid @RequestBody TariffForm form, IfMatch ifMatch) {
        return tariffs.update(id, form, ifMatch);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a tariff", description = "ADMIN only; 409 while services use it (set `active`"
            + " to false to stop selling it).")
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<Void> delete(@PathVariable long id, IfMatch ifMatch) {
        tariffs.delete(id, ifMatch);
        return ResponseEntity.noContent().build();
    }
}
