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
import com.hostflow.catalog.LoadChoicesForm;
import com.hostflow.catalog.ModuleChoices;
import com.hostflow.catalog.ProductTypeForm;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.catalog.ProductTypeView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/** Product types are addressed by their code ({@code vds} comes with the installation). */
@RestController
@RequestMapping("/api/v1/product-types")
@Tag(name = "Product types", description = "What kind of service is sold (e.g. `vds`, VPS): its resources, parameters, order periods, trial and deletion rules. Addressed by code.")
class ProductTypeController {

    private final ProductTypeService productTypes;
    private final ModuleChoices moduleChoices;
    private final CreateOnce once;

    ProductTypeController(ProductTypeService productTypes, ModuleChoices moduleChoices, CreateOnce once) {
        this.productTypes = productTypes;
        this.moduleChoices = moduleChoices;
        this.once = once;
    }

    @GetMapping
    @Operation(summary = "List product types", description = "Anyone logged in.")
    @PreAuthorize(CatalogAccess.ANYONE)
    List<ProductTypeView> list() {
        return productTypes.list();
    }

    @GetMapping("/{code}")
    @Operation(summary = "Get a product type by its code", description = "Anyone logged in; 404 for an unknown"
            + " code. `vds` (VPS) comes with every installation.")
    @PreAuthorize(CatalogAccess.ANYONE)
    ProductTypeView get(@PathVariable String code) {
        return productTypes.get(code);
    }

    @PostMapping
    @Operation(summary = "Create a product type", description = "ADMIN only. `code` names it for good (lower-case"
            + " letters, digits, '-', '_'); `orderPeriods` are the periods its tariffs may price.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "VPS on NVMe", value = CatalogExamples.NEW_PRODUCT_TYPE))))
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<ProductTypeView> create(@Valid @RequestBody ProductTypeForm form, CreateKey key) {
        return once.answerNamed(key, "product-type", form.toString(), () -> productTypes.create(form),
                ProductTypeView::code, () -> productTypes.get(form.code()));
    }

    @PutMapping("/{code}")
    @Operation(summary = "Replace a product type", description = "ADMIN only; `code` may be left out but must not"
            + " differ from the path.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "VPS", value = CatalogExamples.PRODUCT_TYPE))))
    @PreAuthorize(CatalogAccess.ADMIN)
    ProductTypeView update(@PathVariable String code, @Valid @RequestBody ProductTypeForm form, IfMatch ifMatch) {
        return productTypes.update(code, form, ifMatch);
    }

    @PostMapping("/{code}/load-choices")
    @Operation(summary = "Fill a parameter's choices from a processing module", description = "ADMIN only. Asks one"
            + " of the product type's processing modules for the values it offers for the parameter (VMmanager 6: the"
            + " names of its OS images for `os`; `GET /module-types` lists each type's `offersValuesFor`) and saves"
            + " them, trimmed and each once in the module's order, as the parameter's `choices`; every other setting"
            + " stays as it is. Answers the product type with its new ETag (the same one when the parameter had"
            + " these choices already: nothing is written); `If-Match` as for PUT. 400 names"
            + " `parameter` (not one of the product type's) or `processingModuleId` (unknown, of another product"
            + " type, or of a type that offers no values for the parameter); 422 when the module offers no values or"
            + " values that cannot be choices (more than 100, longer than 255 characters); 502 when the module is"
            + " unreachable, refuses the login or answers something unreadable, 504 when it does not answer in time;"
            + " 409 when the module was changed or deleted while it answered (load again). Nothing is saved unless"
            + " all is.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "OS images of the demo's VMmanager",
                            value = CatalogExamples.LOAD_CHOICES))))
    @PreAuthorize(CatalogAccess.ADMIN)
    ProductTypeView loadChoices(@PathVariable String code, @Valid @RequestBody LoadChoicesForm form,
            IfMatch ifMatch) {
        return moduleChoices.load(code, form, ifMatch);
    }

    @DeleteMapping("/{code}")
    @Operation(summary = "Delete a product type", description = "ADMIN only; 409 for `vds` and while tariffs or"
            + " modules use it.")
    @PreAuthorize(CatalogAccess.ADMIN)
    ResponseEntity<Void> delete(@PathVariable String code, IfMatch ifMatch) {
        productTypes.delete(code, ifMatch);
        return ResponseEntity.noContent().build();
    }
}
