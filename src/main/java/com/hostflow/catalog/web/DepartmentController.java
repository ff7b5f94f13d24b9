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

import com.hostflow.catalog.DepartmentForm;
import com.hostflow.catalog.DepartmentService;
import com.hostflow.catalog.DepartmentView;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/departments")
@Tag(name = "Catalog: departments")
class DepartmentController {

    private final DepartmentService departments;

    DepartmentController(DepartmentService departments) {
        this.departments = departments;
    }

    @GetMapping
    @PreAuthorize(CatalogAccess.STAFF)
    List<DepartmentView> list() {
        return departments.list();
    }

    @GetMapping("/{id}")
    @PreAuthorize(CatalogAccess.STAFF)
    DepartmentView get(@PathVariable long id) {
        return departments.get(id);
    }

    @PostMapping
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<DepartmentView> create(@Valid @RequestBody DepartmentForm form) {
        DepartmentView created = departments.create(form);
        return CatalogAccess.created(created.id(), created);
    }

    @PutMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    DepartmentView update(@PathVariable long id, @Valid @RequestBody DepartmentForm form) {
        return departments.update(id, form);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<Void> delete(@PathVariable long id) {
        departments.delete(id);
        return ResponseEntity.noContent().build();
    }
}
