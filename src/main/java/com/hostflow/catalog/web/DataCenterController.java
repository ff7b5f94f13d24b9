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

import com.hostflow.catalog.DataCenterForm;
import com.hostflow.catalog.DataCenterService;
import com.hostflow.catalog.DataCenterView;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/datacenters")
@Tag(name = "Catalog: data centers")
class DataCenterController {

    private final DataCenterService dataCenters;

    DataCenterController(DataCenterService dataCenters) {
        this.dataCenters = dataCenters;
    }

    @GetMapping
    @PreAuthorize(CatalogAccess.ANYONE)
    List<DataCenterView> list() {
        return dataCenters.list();
    }

    @GetMapping("/{id}")
    @PreAuthorize(CatalogAccess.ANYONE)
    DataCenterView get(@PathVariable long id) {
        return dataCenters.get(id);
    }

    @PostMapping
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<DataCenterView> create(@Valid @RequestBody DataCenterForm form) {
        DataCenterView created = dataCenters.create(form);
        return CatalogAccess.created(created.id(), created);
    }

    @PutMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    DataCenterView update(@PathVariable long id, @Valid @RequestBody DataCenterForm form) {
        return dataCenters.update(id, form);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<Void> delete(@PathVariable long id) {
        dataCenters.delete(id);
        return ResponseEntity.noContent().build();
    }
}
