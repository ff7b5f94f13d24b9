package com.hostflow.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record TariffGroupForm(@NotBlank @Size(max = 200) String name) {
}
