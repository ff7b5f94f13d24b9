package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.support.ManualModuleTariff;

/**
 * The cast of the security tests, built through the API as the admin: a provider with a tariff, client A (the owner of
 * the data, with a payment, and a service once orders exist), client B (the intruder, with its own login), two
 * departments and a staff user of the department that does not run A's processing module. Names are unique per
 * instance, so tests sharing the database never collide.
 */
final class SecurityFixtures {

    static final String ADMIN = "demo";
    static final String ADMIN_PASSWORD = "demo";
    static final String PASSWORD = "fixture-password-1";

    private static final ObjectMapper JSON = new ObjectMapper();

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final TestRestTemplate http;

    long providerId;
    /** a provider without a calendar, for creating one */
    long spareProviderId;
    long calendarId;
    long dataCenterId;
    long moduleDepartmentId;
    String moduleDepartmentKey;
    String staffDepartmentKey;
    long moduleId;
    long tariffGroupId;
    long tariffId;
    String productTypeCode;
    String staffUser;
    long clientA;
    String clientAEmail;
    String clientAName;
    long paymentA;
    String paymentAExternalId;
    long clientB;
    String clientBEmail;
    Long serviceA;
    Long orderA;
    Long creditA;

    private SecurityFixtures(TestRestTemplate http) {
        this.http = http;
    }

    /** Everything but A's service. */
    static SecurityFixtures create(TestRestTemplate http) {
        SecurityFixtures f = new SecurityFixtures(http);
        f.providerId = f.createdId("/providers", Map.of("name", "Provider " + f.suffix, "currency", "EUR"));
        f.spareProviderId = f.createdId("/providers", Map.of("name", "Spare " + f.suffix, "currency", "EUR"));
        f.calendarId = f.createdId("/calendars", Map.of("providerId", f.providerId, "timeZone", "UTC",
                "weekendDays", java.util.List.of("SATURDAY", "SUNDAY")));
        f.dataCenterId = f.createdId("/datacenters", Map.of("name", "DC " + f.suffix, "sortOrder", 1,
                "icon", Map.of("countryCode", "NL")));
        f.tariffGroupId = f.createdId("/tariff-groups", Map.of("name", "Group " + f.suffix));
        f.moduleDepartmentKey = "ops-" + f.suffix;
        ManualModuleTariff manual = ManualModuleTariff.create(f::createdId, "Ops " + f.suffix, f.moduleDepartmentKey,
                "Manual " + f.suffix, moduleId -> {
                    f.moduleId = moduleId;
                    return f.tariffForm();
                });
        f.moduleDepartmentId = manual.departmentId();
        f.tariffId = manual.tariffId();
        f.staffDepartmentKey = "sales-" + f.suffix;
        f.asAdmin(HttpMethod.POST, "/departments", Map.of("name", "Sales " + f.suffix, "key", f.staffDepartmentKey),
                201);
        f.productTypeCode = "pt-" + f.suffix;
        f.asAdmin(HttpMethod.POST, "/product-types", f.productTypeForm(f.productTypeCode), 201);

        f.staffUser = "staff-" + f.suffix;
        f.asAdmin(HttpMethod.POST, "/users", f.staffForm(true), 201);

        f.clientAEmail = "owner-" + f.suffix + "@example.com";
        f.clientAName = "Owner " + f.suffix;
        f.clientA = f.createdId("/clients", f.clientForm(f.clientAEmail, f.clientAName, true));
        f.paymentAExternalId = "bank-owner-" + f.suffix;
        f.paymentA = f.createdId("/payments", Map.of("clientId", f.clientA, "amount", "100.00",
                "externalId", f.paymentAExternalId));
        f.clientBEmail = "intruder-" + f.suffix + "@example.com";
        f.clientB = f.createdId("/clients", f.clientForm(f.clientBEmail, "Intruder " + f.suffix, true));
        return f;
    }

    /** Orders a service for client A (paid from A's balance) when the API offers orders. */
    void orderServiceForA() {
        JsonNode order = json(asAdmin(HttpMethod.POST, "/orders", orderForm(clientA), 201));
        orderA = order.path("orderId").isNumber() ? order.get("orderId").asLong() : null;
        serviceA = order.get("serviceId").asLong();
    }

    /** A credit an admin gave client A (changes A's balance, so only for the tests that need one). */
    void creditForA() {
        creditA = createdId("/clients/" + clientA + "/credits", Map.of("amount", "1.00", "description", "fixture"));
    }

    // --- bodies

    Map<String, Object> tariffForm() {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("productType", "vds");
        form.put("providerId", providerId);
        form.put("groupId", tariffGroupId);
        form.put("name", "Tariff " + suffix);
        form.put("active", true);
        form.put("processingModuleIds", List.of(moduleId));
        form.put("template", "vps-1");
        form.put("createAllAddons", true);
        form.put("prices", Map.of("MONTH", "10.00", "YEAR", "100.00"));
        form.put("trialDays", 0);
        form.put("addons", List.of(Map.of("resource", "ram", "included", 1024, "min", 1024, "max", 8192,
                "step", 1024, "prices", Map.of("MONTH", "2.00"))));
        return form;
    }

    Map<String, Object> productTypeForm(String code) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("code", code);
        form.put("name", "Product " + suffix);
        form.put("trialPolicy", "NONE");
        form.put("splitExpensesByMonth", false);
        form.put("noSuspendOnWeekends", false);
        form.put("autoDeletionDays", 7);
        form.put("clientDeletion", "ALLOWED");
        form.put("onClientDelete", "IMMEDIATELY");
        form.put("orderPeriods", List.of("MONTH"));
        form.put("resources", List.of(Map.of("code", "disk", "name", "Disk", "unit", "GiB")));
        form.put("parameters", List.of(Map.of("code", "os", "name", "OS", "required", true)));
        return form;
    }

    Map<String, Object> staffForm(boolean withUsername) {
        Map<String, Object> form = new LinkedHashMap<>();
        if (withUsername) {
            form.put("username", staffUser);
        }
        form.put("password", PASSWORD);
        form.put("firstName", "Staff");
        form.put("lastName", suffix);
        form.put("roles", List.of("STAFF"));
        form.put("departments", List.of(staffDepartmentKey));
        return form;
    }

    Map<String, Object> clientForm(String email, String name, boolean withLogin) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("email", email);
        form.put("name", name);
        form.put("phone", "+31 20 000 0000");
        form.put("providerId", providerId);
        if (withLogin) {
            form.put("password", PASSWORD);
        }
        return form;
    }

    Map<String, Object> orderForm(long clientId) {
        return Map.of("clientId", clientId, "tariffId", tariffId, "period", "MONTH",
                "params", Map.of("os", "ubuntu-24.04"));
    }

    // --- HTTP

    /** Calls as the user ({@code null} = anonymous) with a JSON body ({@code null} = none). */
    ResponseEntity<String> call(String user, String password, HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        if (body != null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        TestRestTemplate client = user == null ? http : http.withBasicAuth(user, password);
        String url = path.startsWith("/api/") ? path : "/api/v1" + path;
        return client.exchange(url, method, new HttpEntity<>(body, headers), String.class);
    }

    /** Calls with a body that is not JSON at all, as a user with the fixtures' password. */
    ResponseEntity<String> callRaw(String user, HttpMethod method, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, PASSWORD).exchange(path, method, new HttpEntity<>("{\"broken\": ", headers),
                String.class);
    }

    ResponseEntity<String> asAdmin(HttpMethod method, String path, Object body, int expectedStatus) {
        ResponseEntity<String> response = call(ADMIN, ADMIN_PASSWORD, method, path, body);
        assertThat(response.getStatusCode().value()).as("%s %s: %s", method, path, response.getBody())
                .isEqualTo(expectedStatus);
        return response;
    }

    ResponseEntity<String> asClientA(HttpMethod method, String path, Object body) {
        return call(clientAEmail, PASSWORD, method, path, body);
    }

    ResponseEntity<String> asClientB(HttpMethod method, String path, Object body) {
        return call(clientBEmail, PASSWORD, method, path, body);
    }

    ResponseEntity<String> asStaff(HttpMethod method, String path, Object body) {
        return call(staffUser, PASSWORD, method, path, body);
    }

    long createdId(String path, Object body) {
        return json(asAdmin(HttpMethod.POST, path, body, 201)).get("id").asLong();
    }

    static JsonNode json(ResponseEntity<String> response) {
        try {
            return JSON.readTree(response.getBody() == null ? "null" : response.getBody());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }
}
