package com.hostflow.catalog;

import com.hostflow.common.web.VisibleText;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The processing-module form of BILLmanager: product type and module type, the integration (URL, user, password),
 * the module's parameters (data center, name, department, sort order, cluster, recipes, second network interface)
 * and the queue settings. On update a missing password keeps the stored one.
 */
public record ProcessingModuleForm(
        @NotBlank String productType,
        @NotBlank String moduleType,
        @NotBlank @VisibleText @Size(max = 200) String name,
        Long dataCenterId,
        Long departmentId,
        Integer sortOrder,
        @Valid Integration integration,
        @Valid Settings settings,
        @Valid Queue queue) {

    /** The form as text without its password: what a create's Idempotency-Key compares, which keeps no secret. */
    public String withoutPassword() {
        Integration plain = integration == null ? null
                : new Integration(integration.url(), integration.username(), null);
        return new ProcessingModuleForm(productType, moduleType, name, dataCenterId, departmentId, sortOrder, plain,
                settings, queue).toString();
    }

    public record Integration(
            @Size(max = 1000) String url,
            @VisibleText(optional = true) @Size(max = 200) String username,
            @Size(max = 500) String password) {
    }

    public record Settings(
            @VisibleText(optional = true) @Size(max = 100) String cluster,
            Boolean useRecipes,
            Boolean additionalNetworkInterface) {
    }

    public record Queue(
            @NotNull Boolean runInQueue,
            Integer queues,
            @Size(max = 100) String queueKey) {
    }
}
