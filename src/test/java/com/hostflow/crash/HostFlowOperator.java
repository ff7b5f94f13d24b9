package com.hostflow.crash;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the tests against HostFlow's jar do as an operator, through the API: the catalog and clients they order on, and
 * the checks after a run (VMs in the simulator against services, balances against payments, charges and credits).
 * {@code admin} answers a client of whichever node is up at the moment of each call.
 */
final class HostFlowOperator {

    static final String SIMULATOR_ADMIN = "admin@example.com";
    static final String SIMULATOR_PASSWORD = "secret";

    private final Supplier<HostFlowApi> admin;

    HostFlowOperator(Supplier<HostFlowApi> admin) {
        this.admin = admin;
    }

    /** A data center, a department and a provider to hang modules and tariffs on. */
    record Catalog(long dataCenter, long department, long provider) {
    }

    Catalog catalog(String providerName) throws IOException, InterruptedException {
        String unique = unique();
        HostFlowApi api = admin.get();
        long dataCenter = created(api.post("/api/v1/datacenters", Map.of("name", "DC " + unique, "sortOrder", 1,
                "icon", Map.of("countryCode", "NL"))));
        long department = created(api.post("/api/v1/departments", Map.of("name", "Ops", "key", "ops-" + unique)));
        long provider = created(api.post("/api/v1/providers", Map.of("name", providerName, "currency", "EUR")));
        return new Catalog(dataCenter, department, provider);
    }

    /** A VMmanager 6 module on the simulator; {@code queue} as the API takes it, or null for none. */
    long module(Catalog catalog, String simulatorUrl, Map<String, Object> queue)
            throws IOException, InterruptedException {
        Map<String, Object> module = new LinkedHashMap<>();
        module.put("productType", "vds");
        module.put("moduleType", "vmmanager6");
        module.put("name", "VMmanager " + unique());
        module.put("dataCenterId", catalog.dataCenter());
        module.put("departmentId", catalog.department());
        module.put("sortOrder", 1);
        module.put("integration", Map.of("url", simulatorUrl, "username", SIMULATOR_ADMIN,
                "password", SIMULATOR_PASSWORD));
        module.put("settings", Map.of("cluster", "1", "useRecipes", false, "additionalNetworkInterface", false));
        if (queue != null) {
            module.put("queue", queue);
        }
        return created(admin.get().post("/api/v1/processing-modules", module));
    }

    /** A VPS tariff at 5.00 a month plus 1.00 per extra GiB of RAM, served by the module. */
    long tariff(Catalog catalog, long moduleId) throws IOException, InterruptedException {
        Map<String, Object> tariff = new LinkedHashMap<>();
        tariff.put("productType", "vds");
        tariff.put("providerId", catalog.provider());
        tariff.put("name", "VPS " + unique());
        tariff.put("active", true);
        tariff.put("processingModuleIds", List.of(moduleId));
        tariff.put("prices", Map.of("MONTH", "5.00"));
        // VMmanager needs CPU, RAM and disk for a host: every one of them an add-on
        tariff.put("addons", List.of(Map.of("resource", "ram", "included", 1024, "min", 1024, "max", 8192,
                "step", 1024, "prices", Map.of("MONTH", "1.00")),
                Map.of("resource", "cpu", "included", 1, "min", 1, "max", 4, "step", 1),
                Map.of("resource", "disk", "included", 20480, "min", 20480, "max", 81920, "step", 10240),
                Map.of("resource", "ipv4", "included", 1, "min", 1, "max", 1, "step", 1)));
        return created(admin.get().post("/api/v1/tariffs", tariff));
    }

    /** A client who logs in with {@code email} and {@code password}. */
    record Client(long id, String email) {
    }

    /** A client of the provider with a payment of {@code payment} on the balance. */
    Client client(long provider, String name, String password, String payment)
            throws IOException, InterruptedException {
        String email = name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + "-" + unique() + "@example.com";
        HostFlowApi api = admin.get();
        long client = created(api.post("/api/v1/clients", Map.of("email", email, "name", name,
                "providerId", provider, "password", password)));
        HostFlowApi.Answer paid = api.post("/api/v1/payments", Map.of("clientId", client, "amount", payment,
                "externalId", "payment-" + email));
        if (paid.status() != 201) {
            throw new IllegalStateException("payment answered " + paid.status() + ": " + paid.body());
        }
        return new Client(client, email);
    }

    /** Every service, all pages. */
    List<JsonNode> services() throws IOException, InterruptedException {
        HostFlowApi current = admin.get();
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0;; page++) {
            var answer = current.get("/api/v1/services?size=200&page=" + page);
            if (answer.status() != 200) {
                throw new IOException("services answered " + answer.status());
            }
            JsonNode body = answer.json();
            JsonNode content = body.has("content") ? body.get("content") : body;
            content.forEach(all::add);
            if (!body.has("totalPages") || page + 1 >= body.get("totalPages").asInt()) {
                return Collections.unmodifiableList(all);
            }
        }
    }

    /**
     * Adds to {@code problems}: a service with more than one VM (doubled), a VM of no live service (orphan), an
     * ACTIVE or SUSPENDED service without a VM.
     */
    void checkVms(List<String> problems, String simulatorBaseUrl) throws IOException, InterruptedException {
        HostFlowApi simulator = new HostFlowApi(simulatorBaseUrl, null, null);
        JsonNode token = simulator.post("/simulator/vmmanager6/auth/v4/public/token",
                Map.of("email", SIMULATOR_ADMIN, "password", SIMULATOR_PASSWORD)).json();
        JsonNode hosts = simulator.getWithHeader("/simulator/vmmanager6/vm/v3/host", "x-xsrf-token",
                token.get("token").asText()).json().path("list");
        Map<Long, List<Long>> hostsByService = new HashMap<>();
        for (JsonNode host : hosts) {
            String name = host.path("name").asText();
            if (!name.startsWith("hostflow-")) {
                problems.add("host " + host.get("id") + " named '" + name + "' belongs to no service");
                continue;
            }
            hostsByService.computeIfAbsent(Long.parseLong(name.substring("hostflow-".length())),
                    k -> new ArrayList<>()).add(host.get("id").asLong());
        }
        Map<Long, String> statuses = new HashMap<>();
        for (JsonNode service : services()) {
            statuses.put(service.get("id").asLong(), service.get("status").asText());
        }
        hostsByService.forEach((serviceId, ids) -> {
            if (ids.size() > 1) {
                problems.add("service " + serviceId + " has " + ids.size() + " VMs (doubled): hosts " + ids);
            }
            String status = statuses.get(serviceId);
            if (status == null || status.equals("DELETED") || status.equals("FAILED")) {
                problems.add("hosts " + ids + " are orphans: service " + serviceId + " is " + status);
            }
        });
        statuses.forEach((serviceId, status) -> {
            if ((status.equals("ACTIVE") || status.equals("SUSPENDED")) && !hostsByService.containsKey(serviceId)) {
                problems.add("service " + serviceId + " is " + status + " without a VM");
            }
        });
    }

    /** Adds to {@code problems} every client whose balance is not payments − charges + credits to the cent. */
    void checkBalances(List<String> problems, Collection<Long> clients) throws IOException, InterruptedException {
        HostFlowApi api = admin.get();
        for (long clientId : clients) {
            // every page: a long run gives a client more than one page of credits (100 by default)
            BigDecimal payments = sum(allRows(api, "/api/v1/payments?clientId=" + clientId));
            BigDecimal charges = sum(allRows(api, "/api/v1/clients/" + clientId + "/expenses"));
            BigDecimal credits = sum(allRows(api, "/api/v1/clients/" + clientId + "/credits"));
            BigDecimal balance = new BigDecimal(api.getJson("/api/v1/clients/" + clientId + "/account")
                    .get("balance").asText());
            BigDecimal expected = payments.subtract(charges).add(credits);
            if (balance.compareTo(expected) != 0) {
                problems.add("client " + clientId + ": balance " + balance + " but payments " + payments
                        + " − charges " + charges + " + credits " + credits + " = " + expected);
            }
        }
    }

    /** Every row of a paged list, read page by page until a page comes back short. */
    static List<JsonNode> allRows(HostFlowApi api, String path) throws IOException, InterruptedException {
        int size = 500;
        List<JsonNode> rows = new ArrayList<>();
        for (int page = 0;; page++) {
            JsonNode answer = content(api.getJson(path + (path.contains("?") ? "&" : "?") + "page=" + page
                    + "&size=" + size));
            answer.forEach(rows::add);
            if (answer.size() < size) {
                return rows;
            }
        }
    }

    /** The rows of a page answer, or the answer itself when it is a plain list. */
    static JsonNode content(JsonNode answer) {
        return answer.has("content") ? answer.get("content") : answer;
    }

    static BigDecimal sum(Iterable<JsonNode> rows) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode row : rows) {
            total = total.add(new BigDecimal(row.get("amount").asText()));
        }
        return total;
    }

    static long created(HostFlowApi.Answer answer) {
        if (answer.status() != 201) {
            throw new IllegalStateException("expected 201, got " + answer.status() + ": " + answer.body());
        }
        return answer.json().get("id").asLong();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
