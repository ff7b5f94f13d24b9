package com.hostflow.catalog.web;

import java.util.List;
import java.util.function.LongPredicate;

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
import com.hostflow.common.web.NotFoundException;
import com.hostflow.catalog.CatalogAudience;
import com.hostflow.catalog.ProviderForm;
import com.hostflow.catalog.ProviderService;
import com.hostflow.catalog.ProviderView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/providers")
@Tag(name = "Providers", description = "The hosting companies that sell; each keeps its tariffs and its clients' accounts in one currency.")
class ProviderController {

    private final ProviderService providers;
    private final CatalogAudience audience;
    private final CreateOnce once;

    ProviderController(ProviderService providers, CatalogAudience audience, CreateOnce once) {
        this.providers = providers;
        this.audience = audience;
        this.once = once;
    }

    @GetMapping
    @Operation(summary = "List providers", description = "Anyone logged in; a CLIENT sees its own provider only.")
    @PreAuthorize(CatalogAccess.ANYONE)
    List<ProviderView> list() {
        LongPredicate visible = audience.visibleProviders();
        return providers.list().stream().filter(provider -> visible.test(provider.id())).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a provider", description = "Anyone logged in; 404 for an unknown id, and for a"
            + " CLIENT for any provider but its own.")
    @PreAuthorize(CatalogAccess.ANYONE)
    ProviderView get(@PathVariable long id) {
        if (!audience.visibleProviders().test(id)) {
            throw new NotFoundException("provider", id);
        }
        return providers.get(id);
    }

    @PostMapping
    @Operation(summary = "Create a provider", description = "ADMIN only. `currency` is an ISO 4217 code.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Demo Hosting", value = CatalogExamples.PROVIDER))))
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<ProviderView> create(@Valid @RequestBody ProviderForm form, CreateKey key) {
        return once.answer(key, "provider", form.toString(),
                () -> providers.create(form), ProviderView::id, providers::get);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace a provider", description = "ADMIN only. The currency cannot change while the"
            + " provider has tariffs (409).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Demo Hosting", value = CatalogExamples.PROVIDER))))
    @PreAuthorize(CatalogAccess.ADMIN)
    ProviderView update(@PathVariable long id, @Valid @RequestBody ProviderForm form, IfMatch ifMatch) {
        return providers.update(id, form, ifMatch);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a provider", description = "ADMIN only; 409 while it has tariffs.")
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<Void> delete(@PathVariable long id, IfMatch ifMatch) {
        providers.delete(id, ifMatch);
        return ResponseEntity.noContent().build();
    }
}
