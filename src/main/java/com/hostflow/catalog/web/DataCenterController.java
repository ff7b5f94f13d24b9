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
import com.hostflow.catalog.DataCenterForm;
import com.hostflow.catalog.DataCenterService;
import com.hostflow.catalog.DataCenterView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/datacenters")
@Tag(name = "Data centers", description = "Where services run; clients see them with a country flag or an icon.")
class DataCenterController {

    private final DataCenterService dataCenters;
    private final CreateOnce once;

    DataCenterController(DataCenterService dataCenters, CreateOnce once) {
        this.dataCenters = dataCenters;
        this.once = once;
    }

    @GetMapping
    @Operation(summary = "List data centers", description = "Anyone logged in.")
    @PreAuthorize(CatalogAccess.ANYONE)
    List<DataCenterView> list() {
        return dataCenters.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a data center", description = "Anyone logged in; 404 for an unknown id.")
    @PreAuthorize(CatalogAccess.ANYONE)
    DataCenterView get(@PathVariable long id) {
        return dataCenters.get(id);
    }

    @PostMapping
    @Operation(summary = "Create a data center", description = "ADMIN only. `icon` is a country flag"
            + " (`countryCode`, ISO 3166) or an image (`imageUrl`: an http(s) address or a path on HostFlow), not"
            + " both, or absent.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Amsterdam", value = CatalogExamples.DATA_CENTER))))
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<DataCenterView> create(@Valid @RequestBody DataCenterForm form, CreateKey key) {
        return once.answer(key, "data-center", form.toString(),
                () -> dataCenters.create(form), DataCenterView::id, dataCenters::get);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace a data center", description = "ADMIN only; the whole data center as on creation.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "Amsterdam", value = CatalogExamples.DATA_CENTER))))
    @PreAuthorize(CatalogAccess.ADMIN)
    DataCenterView update(@PathVariable long id, @Valid @RequestBody DataCenterForm form, IfMatch ifMatch) {
        return dataCenters.update(id, form, ifMatch);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a data center", description = "ADMIN only; 409 while a processing module uses it.")
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<Void> delete(@PathVariable long id, IfMatch ifMatch) {
        dataCenters.delete(id, ifMatch);
        return ResponseEntity.noContent().build();
    }
}
