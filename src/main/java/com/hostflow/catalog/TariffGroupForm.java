package com.hostflow.catalog;

import com.hostflow.common.web.VisibleText;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record TariffGroupForm(@NotBlank @VisibleText @Size(max = 200) String name) {
}
