package com.hostflow.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Which parameter of a product type takes its choices from which of the product type's processing modules
 * ({@code POST /product-types/{code}/load-choices}).
 */
public record LoadChoicesForm(
        @NotBlank @Size(max = 32) String parameter,
        @NotNull Long processingModuleId) {
}
