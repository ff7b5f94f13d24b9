package com.hostflow.interleaving;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hostflow.interleaving.Api.Login;

/**
 * What the scenarios sell, set up once through the API as an admin would: a provider, a data center, a department,
 * a VMmanager 6 module on the simulator and a manual module (its operations become department tasks), and three
 * tariffs of the product type {@code vds} (the only one the module types serve). A scenario sets the product type's
 * policies (client deletion, weekends, auto-deletion, trials) before it starts.
 */
record InterleavingCatalog(long providerId, List<Tariff> tariffs, Module vm, Module manual) {

    static final int TARIFFS = 3;
    static final String DEPARTMENT = "il-ops";
    static final String PRODUCT_TYPE = "vds";
    static final long RAM_INCLUDED = 2048;
    static final long RAM_STEP = 1024;

    /**
     * A tariff; {@code manual} when its module is the manual one (no VM in the simulator); {@code form} is what it
     * was created with, which every scenario starts from again (scenarios change prices and take tariffs off sale).
     */
    record Tariff(long id, boolean manual, boolean trial, Map<String, Object> form) {
    }

    /** A processing module and the form it was created with (no queue), which every scenario starts from again. */
    record Module(long id, Map<String, Object> form) {
    }

    static InterleavingCatalog create(Api api, int port) {
        Login admin = Api.ADMIN;
        long dataCenter = api.post(admin, "/api/v1/datacenters", Map.of("name", "Interleaving DC", "externalId",
                "il-dc", "sortOrder", 1, "icon", Map.of("countryCode", "NL"))).required().get("id").asLong();
        long department = api.post(admin, "/api/v1/departments", Map.of("name", "Interleaving ops", "key",
                DEPARTMENT)).required().get("id").asLong();
        long provider = api.post(admin, "/api/v1/providers", Map.of("name", "Interleaving Hosting", "currency",
                "EUR")).required().get("id").asLong();
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("productType", PRODUCT_TYPE);
        vm.put("moduleType", "vmmanager6");
        vm.put("name", "VMmanager (simulator)");
        vm.put("dataCenterId", dataCenter);
        vm.put("departmentId", department);
        vm.put("sortOrder", 1);
        vm.put("integration", Map.of("url", "http://localhost:" + port + SimulatorPanel.BASE, "username",
                "admin@example.com", "password", "secret"));
        vm.put("settings", Map.of("cluster", "1", "useRecipes", false, "additionalNetworkInterface", false));
        long vmModule = api.post(admin, "/api/v1/processing-modules", vm).required().get("id").asLong();
        vm.put("queue", Map.of("runInQueue", false));
        Map<String, Object> manual = new LinkedHashMap<>();
        manual.put("productType", PRODUCT_TYPE);
        manual.put("moduleType", "manual");
        manual.put("name", "Managed by hand");
        manual.put("departmentId", department);
        manual.put("sortOrder", 1);
        long manualModule = api.post(admin, "/api/v1/processing-modules", manual).required().get("id").asLong();
        manual.put("queue", Map.of("runInQueue", false));

        List<Tariff> tariffs = new ArrayList<>();
        // every period, a trial, priced add-ons
        tariffs.add(tariff(api, provider, vmModule, "IL VPS", 3, Map.of("DAY", "0.50", "MONTH", "10.00",
                "QUARTER", "27.00", "HALF_YEAR", "50.00", "YEAR", "90.00", "ONE_TIME", "25.00"), false));
        // a few periods only and no trial: some orders and prolongations are refused
        tariffs.add(tariff(api, provider, vmModule, "IL VPS small", 0, Map.of("DAY", "0.20", "MONTH",
                "5.00", "YEAR", "50.00"), false));
        // done by hand: every operation is a department task
        tariffs.add(tariff(api, provider, manualModule, "IL managed", 7, Map.of("DAY", "1.00", "MONTH",
                "20.00", "QUARTER", "55.00", "HALF_YEAR", "100.00", "YEAR", "180.00", "ONE_TIME", "40.00"), true));
        return new InterleavingCatalog(provider, List.copyOf(tariffs), new Module(vmModule, Map.copyOf(vm)),
                new Module(manualModule, Map.copyOf(manual)));
    }

    private static Tariff tariff(Api api, long provider, long module, String name, int trialDays,
            Map<String, String> prices, boolean manual) {
        Map<String, Object> tariff = new LinkedHashMap<>();
        tariff.put("productType", PRODUCT_TYPE);
        tariff.put("providerId", provider);
        tariff.put("name", name);
        tariff.put("active", true);
        tariff.put("processingModuleIds", List.of(module));
        tariff.put("defaultDomainTemplate", "vps{serviceId}.il.example.net");
        tariff.put("prices", prices);
        tariff.put("trialDays", trialDays);
        tariff.put("addons", List.of(
                Map.of("resource", "ram", "included", RAM_INCLUDED, "min", 1024, "max", 8192, "step", RAM_STEP,
                        "prices", Map.of("DAY", "0.10", "MONTH", "2.00", "ONE_TIME", "5.00")),
                Map.of("resource", "cpu", "included", 1, "min", 1, "max", 4, "step", 1),
                Map.of("resource", "disk", "included", 20480),
                Map.of("resource", "ipv4", "included", 1)));
        long id = api.post(Api.ADMIN, "/api/v1/tariffs", tariff).required().get("id").asLong();
        return new Tariff(id, manual, trialDays > 0, Map.copyOf(tariff));
    }

    /** Puts the scenario's policies on the product type, keeping its resources and parameters. */
    static void applyPolicy(Api api, Scenario.Policy policy) {
        putPolicy(api, policy).required();
    }

    /** As {@link #applyPolicy}, answering what the API answered. */
    static Api.Answer putPolicy(Api api, Scenario.Policy policy) {
        ObjectNode type = (ObjectNode) api.get(Api.ADMIN, "/api/v1/product-types/" + PRODUCT_TYPE).required()
                .deepCopy();
        ObjectMapper json = new ObjectMapper();
        ObjectNode form = json.createObjectNode();
        form.put("code", PRODUCT_TYPE);
        form.set("name", type.get("name"));
        form.put("trialPolicy", policy.trialPolicy());
        form.set("splitExpensesByMonth", type.get("splitExpensesByMonth"));
        form.put("noSuspendOnWeekends", policy.noSuspendOnWeekends());
        form.put("autoDeletionDays", policy.autoDeletionDays());
        form.put("clientDeletion", policy.clientDeletion());
        form.put("onClientDelete", policy.onClientDelete());
        form.set("orderPeriods", json.valueToTree(List.of("TRIAL", "ONE_TIME", "DAY", "MONTH", "QUARTER",
                "HALF_YEAR", "YEAR")));
        form.set("resources", type.get("resources"));
        JsonNode parameters = type.get("parameters");
        form.set("parameters", parameters);
        return api.put(Api.ADMIN, "/api/v1/product-types/" + PRODUCT_TYPE, form);
    }

    long ram(int steps) {
        return RAM_INCLUDED + steps * RAM_STEP;
    }
}
