package com.hostflow.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * A manual module of a new department and a tariff on it: every operation of the tariff's services becomes a task of
 * that department (<em>Do the operation by hand</em>), so a test holds a service waiting for people and nothing
 * else. Made through the API as an admin.
 *
 * @param departmentId the new department
 * @param moduleId     its manual processing module (product type vds)
 * @param tariffId     the tariff on the module
 */
public record ManualModuleTariff(long departmentId, long moduleId, long tariffId) {

    /** Posts {@code body} to {@code /api/v1<path>} as an admin and answers the new resource's id. */
    @FunctionalInterface
    public interface AdminPost {
        long created(String path, Object body);
    }

    /**
     * Creates the department ({@code departmentName}, {@code departmentKey}), its manual module ({@code moduleName}),
     * and the tariff {@code tariffForm} makes for the module's id.
     */
    public static ManualModuleTariff create(AdminPost admin, String departmentName, String departmentKey,
            String moduleName, LongFunction<Map<String, Object>> tariffForm) {
        long departmentId = admin.created("/departments", Map.of("name", departmentName, "key", departmentKey));
        long moduleId = admin.created("/processing-modules", Map.of("productType", "vds", "moduleType", "manual",
                "name", moduleName, "departmentId", departmentId));
        return new ManualModuleTariff(departmentId, moduleId, admin.created("/tariffs", tariffForm.apply(moduleId)));
    }

    /**
     * A vds tariff of the provider on the module at 10.00 a month, with 2048 MiB of RAM included and more (1024 to
     * 8192) at 2.00 a month per 1024; a test adds what it needs.
     */
    public static Map<String, Object> monthlyTariff(long providerId, String name, long moduleId) {
        Map<String, Object> tariff = new LinkedHashMap<>();
        tariff.put("productType", "vds");
        tariff.put("providerId", providerId);
        tariff.put("name", name);
        tariff.put("active", true);
        tariff.put("processingModuleIds", List.of(moduleId));
        tariff.put("prices", Map.of("MONTH", "10.00"));
        tariff.put("addons", List.of(Map.of("resource", "ram", "included", 2048, "min", 1024, "max", 8192,
                "step", 1024, "prices", Map.of("MONTH", "2.00"))));
        return tariff;
    }
}
