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

import com.hostflow.catalog.ProductTypeForm;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.catalog.ProductTypeView;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/** Product types are addressed by their code ({@code vds} comes with the installation). */
@RestController
@RequestMapping("/api/v1/product-types")
@Tag(name = "Catalog: product types")
class ProductTypeController {

    private final ProductTypeService productTypes;

    ProductTypeController(ProductTypeService productTypes) {
        this.productTypes = productTypes;
    }

    @GetMapping
    @PreAuthorize(CatalogAccess.ANYONE)
    List<ProductTypeView> list() {
        return productTypes.list();
    }

    @GetMapping("/{code}")
    @PreAuthorize(CatalogAccess.ANYONE)
    ProductTypeView get(@PathVariable String code) {
        return productTypes.get(code);
    }

    @PostMapping
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<ProductTypeView> create(@Valid @RequestBody ProductTypeForm form) {
        ProductTypeView created = productTypes.create(form);
        return CatalogAccess.created(created.code(), created);
    }

    @PutMapping("/{code}")
    @PreAuthorize(CatalogAccess.ADMIN)
    ProductTypeView update(@PathVariable String code, @Valid @RequestBody ProductTypeForm form) {
        return productTypes.update(code, form);
    }

    @DeleteMapping("/{code}")
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<Void> delete(@PathVariable String code) {
        productTypes.delete(code);
        return ResponseEntity.noContent().build();
    }
}
