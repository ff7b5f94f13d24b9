package com.hostflow.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A department; {@code key} becomes the id of its Camunda group and cannot change later. */
public record DepartmentForm(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 64)
        @Pattern(regexp = "[a-zA-Z0-9][a-zA-Z0-9_-]*", message = "letters, digits, '-' and '_' only") String key) {
}
