package com.hostflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.catalog.ProductTypeForm;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.catalog.ProductTypeView;
import com.hostflow.common.web.IfMatch;
import com.hostflow.console.ConsoleSecurityTest;
import com.hostflow.e2e.SimulatorAdmin;
import com.hostflow.security.SecretLeakCheck;
import com.hostflow.support.IsolatedIntegrationTest;
import com.hostflow.support.ProductTypeRestore;
import com.hostflow.support.SimulatedVps;

/**
 * Every admin write of the API (and the console's data-center form, standing for the console's forms, which call the
 * same services) walked as a table: each call with the status it must answer and the audit entries it must write,
 * by the login that made it. An effective change writes exactly one entry; a refused write (4xx, 412) and a save that
 * changes nothing write none. Then no secret the walk used (passwords, the service's credentials, the console's
 * session id and CSRF token) is in the audit table, the log, or the engine's variables and byte arrays.
 * A write of the OpenAPI document that is neither walked nor named in {@link #NOT_AUDITED} fails the test, so a new
 * endpoint has to say here whether it is audited. Starts a billing run, hence the isolated context.
 */
@IsolatedIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class AdminWriteAuditWalkTest {

    /** Admin writes that write no audit entry, and why; each is still called by the walk where it is cheap. */
    static final Map<String, String> NOT_AUDITED = Map.of(
            "POST /api/v1/orders", "a purchase for the client: the order, its charge and the service's journal",
            "POST /api/v1/services/{id}/prolong", "the client's purchase: the charge and the service's journal",
            "POST /api/v1/services/{id}/parameters", "the client's purchase: the charge and the service's journal",
            "POST /api/v1/services/{id}/deletion-code", "sends the client's phone a code; changes nothing",
            "POST /api/v1/clients/{clientId}/notifications", "a mail: the client's notifications list it",
            "POST /api/v1/notifications/{id}/resend", "a mail sent again: the notification's attempts list it",
            "PUT /api/v1/dev/clock", "the demo's and the tests' clock; absent in production");

    @Autowired
    TestRestTemplate template;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    ManagementService management;
    @Autowired
    ProductTypeService productTypes;
    @LocalServerPort
    int port;

    private final String u = Long.toString(System.nanoTime(), 36);
    private final String walker = "walker-" + u;
    private String walkerPassword = "walker-secret-" + u;
    private final Map<String, Object> ids = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Set<String> walked = new TreeSet<>();
    private ProductTypeView vdsBefore;

    @BeforeEach
    void anAdminOfItsOwn() {
        vdsBefore = productTypes.get("vds");
        ResponseEntity<String> created = template.withBasicAuth("demo", "demo").postForEntity("/api/v1/users",
                Map.of("username", walker, "password", walkerPassword, "roles", List.of("ADMIN")), String.class);
        assertThat(created.getStatusCode().value()).as("%s", created.getBody()).isEqualTo(201);
    }

    @AfterEach
    void vdsAsItWas() {
        ProductTypeRestore.restore(productTypes, vdsBefore);
    }

    @Test
    void everyAdminWriteIsAuditedOnceWhenItChangesSomethingAndNeverWithASecret(CapturedOutput output) {
        List<String> secrets = new ArrayList<>(List.of(walkerPassword));
        String modulePassword = "module-secret-" + u;
        String staffPassword = "staff-secret-" + u;
        String staffPassword2 = "staff-secret-2-" + u;
        String clientPassword = SimulatedVps.CLIENT_PASSWORD + "-" + u;
        String clientPassword2 = "client-secret-2-" + u;
        secrets.addAll(List.of(modulePassword, staffPassword, staffPassword2, clientPassword, clientPassword2));

        // the catalog; the module logs in to the simulator as an administrator with the walk's password
        SimulatorAdmin.createAdministrator(template, moduleUser(), modulePassword);
        Map<String, Object> provider = Map.of("name", "Walk provider " + u, "currency", "EUR");
        crud("/api/v1/providers", "provider", provider, Map.of("name", 7), Map.of("name", "Walk provider 2 " + u,
                "currency", "EUR"));
        Map<String, Object> dataCenter = Map.of("name", "Walk DC " + u, "sortOrder", 1);
        crud("/api/v1/datacenters", "datacenter", dataCenter, Map.of("sortOrder", "x"), Map.of("name",
                "Walk DC 2 " + u, "sortOrder", 2));
        Map<String, Object> department = Map.of("name", "Walk dept " + u, "key", "walk-" + u);
        crud("/api/v1/departments", "department", department, Map.of("name", ""), Map.of("name", "Walk dept 2 " + u,
                "key", "walk-" + u));
        Map<String, Object> module = module(modulePassword);
        crud("/api/v1/processing-modules", "processing-module", module, Map.of("name", "no type"), module);
        Map<String, Object> moduleWithoutPassword = new LinkedHashMap<>(module);
        moduleWithoutPassword.put("integration", Map.of("url", "http://localhost:" + port + "/simulator/vmmanager6",
                "username", moduleUser()));
        step("PUT /api/v1/processing-modules/{id}", "without its password", 200, List.of(),
                () -> call(HttpMethod.PUT, "/api/v1/processing-modules/" + ids.get("processing-module"),
                        moduleWithoutPassword, null));
        Map<String, Object> moduleRenamed = new LinkedHashMap<>(module);
        moduleRenamed.put("name", "Walk module 2 " + u);
        step("PUT /api/v1/processing-modules/{id}", "renamed", 200, List.of("processing-module UPDATE"),
                () -> call(HttpMethod.PUT, "/api/v1/processing-modules/" + ids.get("processing-module"),
                        moduleRenamed, null));
        step("POST /api/v1/processing-modules/{id}/check-connection", "changes nothing", 200, List.of(),
                () -> call(HttpMethod.POST, "/api/v1/processing-modules/" + ids.get("processing-module")
                        + "/check-connection", null, null));
        crud("/api/v1/tariff-groups", "tariff-group", Map.of("name", "Walk group " + u), Map.of("name", " "),
                Map.of("name", "Walk group 2 " + u));
        Map<String, Object> productType = productType("Walk type " + u);
        crud("/api/v1/product-types", "product-type", productType, Map.of("code", "walk-" + u),
                productType("Walk type 2 " + u));
        Map<String, Object> tariff = tariff("Walk tariff " + u);
        crud("/api/v1/tariffs", "tariff", tariff, Map.of("name", "no product type"), tariff("Walk tariff 2 " + u));
        Map<String, Object> calendar = Map.of("providerId", ids.get("provider"), "timeZone", "Europe/Amsterdam",
                "weekendDays", List.of("SATURDAY", "SUNDAY"), "holidays", List.of(Map.of("date", "2027-01-01",
                        "name", "New Year")));
        crud("/api/v1/calendars", "calendar", calendar, Map.of("providerId", ids.get("provider"), "timeZone",
                "Mars/Olympus"), Map.of("providerId", ids.get("provider"), "timeZone", "Europe/Amsterdam",
                        "weekendDays", List.of("SUNDAY"), "holidays", List.of()));

        // users: an unchanged save and a password are no change of the user's entry
        String staff = "walk-staff-" + u;
        Map<String, Object> staffUser = Map.of("username", staff, "password", staffPassword, "firstName", "Walk",
                "roles", List.of("STAFF"), "departments", List.of("walk-" + u));
        Map<String, Object> staffUnchanged = Map.of("firstName", "Walk", "roles", List.of("STAFF"),
                "departments", List.of("walk-" + u));
        step("POST /api/v1/users", "created", 201, List.of("user CREATE"),
                () -> call(HttpMethod.POST, "/api/v1/users", staffUser, null));
        step("POST /api/v1/users", "taken name", 409, List.of(),
                () -> call(HttpMethod.POST, "/api/v1/users", staffUser, null));
        step("PUT /api/v1/users/{username}", "unchanged", 200, List.of(),
                () -> call(HttpMethod.PUT, "/api/v1/users/" + staff, staffUnchanged, null));
        step("PUT /api/v1/users/{username}", "only a new password", 200, List.of("password UPDATE"),
                () -> call(HttpMethod.PUT, "/api/v1/users/" + staff, with(staffUnchanged, "password",
                        staffPassword2), null));
        step("PUT /api/v1/users/{username}", "a last name", 200, List.of("user UPDATE"),
                () -> call(HttpMethod.PUT, "/api/v1/users/" + staff, with(staffUnchanged, "lastName", "Walker"),
                        null));
        step("PUT /api/v1/users/{username}", "stale If-Match", 412, List.of(),
                () -> call(HttpMethod.PUT, "/api/v1/users/" + staff, staffUnchanged, "\"stale\""));

        // clients: the same, and an unchanged save keeps the client's version (its ETag)
        Map<String, Object> client = Map.of("email", "walk-" + u + "@example.com", "name", "Walk client",
                "providerId", ids.get("provider"), "password", clientPassword);
        Map<String, Object> clientUnchanged = Map.of("email", "walk-" + u + "@example.com", "name", "Walk client",
                "providerId", ids.get("provider"));
        step("POST /api/v1/clients", "created", 201, List.of("client CREATE"),
                () -> remember("client", call(HttpMethod.POST, "/api/v1/clients", client, null)));
        String clientPath = "/api/v1/clients/" + ids.get("client");
        String clientTag = call(HttpMethod.GET, clientPath, null, null).getHeaders().getETag();
        step("POST /api/v1/clients", "bad e-mail", 400, List.of(),
                () -> call(HttpMethod.POST, "/api/v1/clients", with(clientUnchanged, "email", "nope"), null));
        step("PUT /api/v1/clients/{id}", "unchanged", 200, List.of(),
                () -> call(HttpMethod.PUT, clientPath, clientUnchanged, clientTag));
        assertThat(call(HttpMethod.GET, clientPath, null, null).getHeaders().getETag())
                .as("an unchanged save keeps the client's ETag").isEqualTo(clientTag);
        step("PUT /api/v1/clients/{id}", "only a new password", 200, List.of("password UPDATE"),
                () -> call(HttpMethod.PUT, clientPath, with(clientUnchanged, "password", clientPassword2), null));
        step("PUT /api/v1/clients/{id}", "a phone", 200, List.of("client UPDATE"),
                () -> call(HttpMethod.PUT, clientPath, with(clientUnchanged, "phone", "+31 20 555 0101"), null));
        step("PUT /api/v1/clients/{id}", "stale If-Match", 412, List.of(),
                () -> call(HttpMethod.PUT, clientPath, clientUnchanged, clientTag));

        // money
        Map<String, Object> payment = Map.of("clientId", ids.get("client"), "amount", "100.00", "externalId",
                "walk-" + u);
        step("POST /api/v1/payments", "received", 201, List.of("payment CREATE"),
                () -> call(HttpMethod.POST, "/api/v1/payments", payment, null));
        step("POST /api/v1/payments", "the same again", 200, List.of(),
                () -> call(HttpMethod.POST, "/api/v1/payments", payment, null));
        step("POST /api/v1/payments", "its id with another amount", 409, List.of(),
                () -> call(HttpMethod.POST, "/api/v1/payments", with(payment, "amount", "1.00"), null));
        step("POST /api/v1/clients/{clientId}/credits", "given", 201, List.of("credit CREATE"),
                () -> call(HttpMethod.POST, clientPath + "/credits", Map.of("amount", "5.00", "description",
                        "walk"), null));
        step("POST /api/v1/clients/{clientId}/credits", "no amount", 400, List.of(),
                () -> call(HttpMethod.POST, clientPath + "/credits", Map.of("description", "walk"), null));

        // a service of the client, ordered by the admin
        step("POST /api/v1/orders", "for the client", 201, List.of(),
                () -> remember("service", call(HttpMethod.POST, "/api/v1/orders", Map.of("clientId",
                        ids.get("client"), "tariffId", ids.get("tariff"), "period", "MONTH", "params",
                        Map.of("os", "debian-12")), null), "serviceId"));
        SimulatedVps vps = new SimulatedVps(template, runtime, management, port);
        long serviceId = ((Number) ids.get("service")).longValue();
        String servicePath = "/api/v1/services/" + serviceId;
        vps.awaitService(serviceId, s -> "ACTIVE".equals(s.get("status").asText()));
        vps.awaitProcessesEnded(serviceId);
        step("POST /api/v1/services/{id}/suspend", "a reason the API takes from the billing run only", 400,
                List.of(), () -> call(HttpMethod.POST, servicePath + "/suspend", Map.of("reason", "BILLING"), null));
        step("POST /api/v1/services/{id}/suspend", "for abuse", 202, List.of("service SUSPEND"),
                () -> keyed(servicePath + "/suspend", Map.of("reason", "ABUSE", "comment", "walk"), "s-" + u));
        step("POST /api/v1/services/{id}/suspend", "sent again with its key", 200, List.of(),
                () -> keyed(servicePath + "/suspend", Map.of("reason", "ABUSE", "comment", "walk"), "s-" + u));
        vps.awaitProcessesEnded(serviceId);
        step("POST /api/v1/services/{id}/resume", "lifted", 202, List.of("service RESUME"),
                () -> call(HttpMethod.POST, servicePath + "/resume", Map.of("reason", "ABUSE"), null));
        vps.awaitProcessesEnded(serviceId);
        step("POST /api/v1/services/{id}/prolong", "a month", 202, List.of(),
                () -> call(HttpMethod.POST, servicePath + "/prolong", Map.of("period", "MONTH"), null));
        vps.awaitProcessesEnded(serviceId);
        step("POST /api/v1/services/{id}/parameters", "more RAM", 202, List.of(),
                () -> call(HttpMethod.POST, servicePath + "/parameters", Map.of("addons", Map.of("ram", 2048)),
                        null));
        vps.awaitProcessesEnded(serviceId);
        step("POST /api/v1/services/{id}/deletion-code", "vds needs none", 409, List.of(),
                () -> call(HttpMethod.POST, servicePath + "/deletion-code", null, null));
        step("DELETE /api/v1/services/{id}/deletion", "none to withdraw", 409, List.of(),
                () -> call(HttpMethod.DELETE, servicePath + "/deletion", null, null));
        step("POST /api/v1/services/{id}/reset-password", "a new root password", 202, List.of("service EXECUTE"),
                () -> call(HttpMethod.POST, servicePath + "/reset-password", null, null));
        vps.awaitProcessesEnded(serviceId);
        JsonNode credentials = call(HttpMethod.GET, servicePath + "/credentials", null, null).getBody();
        credentials.fields().forEachRemaining(field -> {
            if (field.getKey().toLowerCase().contains("password")) {
                secrets.add(field.getValue().asText());
            }
        });

        // choices loaded from the module: a change once, then the same choices again are none
        ProductTypeView vds = productTypes.get("vds");
        productTypes.update("vds", ProductTypeForm.of(vds, vds.parameters().stream().map(p -> new ProductTypeForm
                .Parameter(p.code(), p.name(), p.required(), p.code().equals("os") ? List.of("walk-only")
                        : p.choices())).toList()), IfMatch.ANY);
        Map<String, Object> load = Map.of("parameter", "os", "processingModuleId", ids.get("processing-module"));
        step("POST /api/v1/product-types/{code}/load-choices", "new choices", 200, List.of("product-type UPDATE"),
                () -> call(HttpMethod.POST, "/api/v1/product-types/vds/load-choices", load, null));
        step("POST /api/v1/product-types/{code}/load-choices", "the same choices", 200, List.of(),
                () -> call(HttpMethod.POST, "/api/v1/product-types/vds/load-choices", load, null));
        step("POST /api/v1/product-types/{code}/load-choices", "no such parameter", 400, List.of(),
                () -> call(HttpMethod.POST, "/api/v1/product-types/vds/load-choices", with(load, "parameter",
                        "nope"), null));

        step("DELETE /api/v1/services/{id}", "by the admin, at once", 202, List.of("service DELETE"),
                () -> call(HttpMethod.DELETE, servicePath, null, null));
        vps.awaitProcessesEnded(serviceId);
        step("DELETE /api/v1/services/{id}", "deleted already", 409, List.of(),
                () -> call(HttpMethod.DELETE, servicePath, null, null));
        step("POST /api/v1/billing/run", "now", 202, List.of("billing-run EXECUTE"),
                () -> call(HttpMethod.POST, "/api/v1/billing/run", null, null));
        step("POST /api/v1/sync/run", "now", 202, List.of("sync-run EXECUTE"),
                () -> call(HttpMethod.POST, "/api/v1/sync/run", null, null));

        // the console's forms write through the same services, under the page login's name
        consoleDataCenter(secrets);

        // the catalog's deletions, the users' last
        step("DELETE /api/v1/providers/{id}", "still has a client", 409, List.of(),
                () -> call(HttpMethod.DELETE, "/api/v1/providers/" + ids.get("provider"), null, null));
        step("DELETE /api/v1/users/{username}", "stale If-Match", 412, List.of(),
                () -> call(HttpMethod.DELETE, "/api/v1/users/" + staff, null, "\"stale\""));
        step("DELETE /api/v1/users/{username}", "deleted", 204, List.of("user DELETE"),
                () -> call(HttpMethod.DELETE, "/api/v1/users/" + staff, null, null));
        step("DELETE /api/v1/users/{username}", "gone already", 404, List.of(),
                () -> call(HttpMethod.DELETE, "/api/v1/users/" + staff, null, null));
        for (String entity : List.of("tariff", "calendar", "tariff-group", "product-type", "processing-module",
                "department", "datacenter")) {
            deleteTwice(entity);
        }
        step("PUT /api/v1/me/password", "wrong current password", 400, List.of(),
                () -> call(HttpMethod.PUT, "/api/v1/me/password", Map.of("currentPassword", "wrong-one",
                        "newPassword", "walker-secret-2-" + u), null));
        String walkerPassword2 = "walker-secret-2-" + u;
        secrets.add(walkerPassword2);
        step("PUT /api/v1/me/password", "changed", 204, List.of("password UPDATE"),
                () -> call(HttpMethod.PUT, "/api/v1/me/password", Map.of("currentPassword", walkerPassword,
                        "newPassword", walkerPassword2), null));
        walkerPassword = walkerPassword2;

        assertThat(problems).as("audit entries per admin write").isEmpty();
        assertThat(uncovered()).as("admin writes of the API neither walked nor in NOT_AUDITED").isEmpty();
        JsonNode userEntry = lastEntry("user", staff, "UPDATE");
        assertThat(userEntry.path("before").path("lastName").asText(null)).as("%s", userEntry).isNull();
        assertThat(userEntry.path("after").path("lastName").asText()).as("%s", userEntry).isEqualTo("Walker");
        JsonNode clientEntry = lastEntry("client", ids.get("client").toString(), "UPDATE");
        assertThat(clientEntry.path("before").path("phone").asText(null)).as("%s", clientEntry).isNull();
        assertThat(clientEntry.path("after")).isEqualTo(without(call(HttpMethod.GET, clientPath, null, null)
                .getBody(), "createdAt"));
        noSecretAnywhere(secrets, output);
    }

    /** Create, a refused create, an unchanged save, a change, a stale save; the deletion comes later. */
    private void crud(String collection, String entity, Map<String, Object> body, Map<String, Object> invalid,
            Map<String, Object> changed) {
        String item = collection + "/{" + (entity.equals("product-type") ? "code" : "id") + "}";
        step("POST " + collection, "created", 201, List.of(entity + " CREATE"),
                () -> remember(entity, call(HttpMethod.POST, collection, body, null),
                        entity.equals("product-type") ? "code" : "id"));
        ids.put(entity + "-path", collection + "/" + ids.get(entity));
        String path = (String) ids.get(entity + "-path");
        String tag = call(HttpMethod.GET, path, null, null).getHeaders().getETag();
        step("POST " + collection, "invalid", 400, List.of(), () -> call(HttpMethod.POST, collection, invalid, null));
        step("PUT " + item, "unchanged", 200, List.of(), () -> call(HttpMethod.PUT, path, body, tag));
        if (!changed.equals(body)) {
            JsonNode before = call(HttpMethod.GET, path, null, null).getBody();
            step("PUT " + item, "changed", 200, List.of(entity + " UPDATE"),
                    () -> call(HttpMethod.PUT, path, changed, tag));
            // the entry's states are what GET answered before and answers after
            JsonNode entry = lastEntry(entity, String.valueOf(ids.get(entity)), "UPDATE");
            JsonNode after = call(HttpMethod.GET, path, null, null).getBody();
            if (!entry.get("before").equals(before) || !entry.get("after").equals(after)) {
                problems.add(String.format("%s: the entry %s is not the stored %s before and %s after", entity,
                        entry, before, after));
            }
        }
        step("PUT " + item, "stale If-Match", 412, List.of(), () -> call(HttpMethod.PUT, path, body, "\"stale\""));
    }

    private void deleteTwice(String entity) {
        String path = (String) ids.get(entity + "-path");
        String item = path.substring(0, path.lastIndexOf('/')) + "/{" + (entity.equals("product-type") ? "code"
                : "id") + "}";
        step("DELETE " + item, "deleted", 204, List.of(entity + " DELETE"),
                () -> call(HttpMethod.DELETE, path, null, null));
        step("DELETE " + item, "gone already", 404, List.of(), () -> call(HttpMethod.DELETE, path, null, null));
    }

    private void consoleDataCenter(List<String> secrets) {
        TestRestTemplate pages = template.withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW);
        String session = ConsoleSecurityTest.login(pages, walker, walkerPassword);
        secrets.add(session.substring(session.indexOf('=') + 1));
        String dataCenter = "/console/datacenters/" + ids.get("datacenter");
        String csrf = ConsoleSecurityTest.csrf(page(pages, session, dataCenter));
        secrets.add(csrf);
        JsonNode stored = call(HttpMethod.GET, "/api/v1/datacenters/" + ids.get("datacenter"), null, null).getBody();
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("_csrf", csrf);
        form.add("name", stored.get("name").asText());
        form.add("sortOrder", stored.get("sortOrder").asText());
        form.add("iconKind", "NONE");
        stepPage("console: data center saved unchanged", 302, List.of(), () -> post(pages, session, dataCenter,
                form));
        form.set("name", "Walk DC 3 " + u);
        stepPage("console: data center renamed", 302, List.of("datacenter UPDATE"), () -> post(pages, session,
                dataCenter, form));
        MultiValueMap<String, String> created = new LinkedMultiValueMap<>();
        created.add("_csrf", csrf);
        created.add("name", "Walk console DC " + u);
        created.add("sortOrder", "3");
        created.add("iconKind", "NONE");
        stepPage("console: data center created", 302, List.of("datacenter CREATE"), () -> post(pages, session,
                "/console/datacenters/new", created));
        created.set("_csrf", "forged");
        stepPage("console: a form without the session's token", 403, List.of(), () -> post(pages, session,
                "/console/datacenters/new", created));
    }

    private void step(String operation, String label, int status, List<String> audited,
            Supplier<ResponseEntity<JsonNode>> call) {
        walked.add(operation);
        long mark = lastId();
        ResponseEntity<JsonNode> answer = call.get();
        check(operation + " (" + label + ")", status, answer.getStatusCode().value(), String.valueOf(answer.getBody()),
                audited, mark);
    }

    private void stepPage(String label, int status, List<String> audited, Supplier<ResponseEntity<String>> call) {
        long mark = lastId();
        ResponseEntity<String> answer = call.get();
        check(label, status, answer.getStatusCode().value(), abbreviate(answer.getBody()), audited, mark);
    }

    private void check(String what, int status, int answered, String body, List<String> audited, long mark) {
        List<String> written = jdbc.queryForList("select entity || ' ' || action || case when username = ? then ''"
                + " else ' by ' || username end from hostflow.audit_entry where id > ? and username <> 'system'"
                + " order by id", String.class, walker, mark);
        if (answered != status || !written.equals(audited)) {
            problems.add(String.format("%s: expected %d %s, got %d %s (%s)", what, status, audited, answered, written,
                    abbreviate(body)));
        }
    }

    private long lastId() {
        Long id = jdbc.queryForObject("select max(id) from hostflow.audit_entry", Long.class);
        return id == null ? 0 : id;
    }

    private ResponseEntity<JsonNode> call(HttpMethod method, String path, Object body, String ifMatch) {
        HttpHeaders headers = new HttpHeaders();
        if (ifMatch != null) {
            headers.set(HttpHeaders.IF_MATCH, ifMatch);
        }
        return template.withBasicAuth(walker, walkerPassword).exchange(path, method,
                new HttpEntity<>(body, headers), JsonNode.class);
    }

    private ResponseEntity<JsonNode> keyed(String path, Object body, String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Idempotency-Key", key);
        return template.withBasicAuth(walker, walkerPassword).exchange(path, HttpMethod.POST,
                new HttpEntity<>(body, headers), JsonNode.class);
    }

    private ResponseEntity<JsonNode> remember(String entity, ResponseEntity<JsonNode> created) {
        return remember(entity, created, "id");
    }

    private ResponseEntity<JsonNode> remember(String entity, ResponseEntity<JsonNode> created, String field) {
        if (created.getBody() != null && created.getBody().has(field)) {
            JsonNode id = created.getBody().get(field);
            ids.put(entity, id.isNumber() ? (Object) id.asLong() : id.asText());
        }
        return created;
    }

    private static String page(TestRestTemplate pages, String session, String path) {
        return ConsoleSecurityTest.pageOf(pages, session, path);
    }

    private static ResponseEntity<String> post(TestRestTemplate pages, String session, String path,
            MultiValueMap<String, String> form) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        headers.add(HttpHeaders.COOKIE, session);
        return pages.exchange(path, HttpMethod.POST, new HttpEntity<>(form, headers), String.class);
    }

    /** The writes of the OpenAPI document under /api/v1 that the walk neither called nor names as not audited. */
    private Set<String> uncovered() {
        JsonNode paths = template.getForObject("/v3/api-docs", JsonNode.class).get("paths");
        Set<String> uncovered = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                String key = method.toUpperCase() + " " + path.getKey();
                if (path.getKey().startsWith("/api/v1/") && !method.equals("get") && !walked.contains(key)
                        && !NOT_AUDITED.containsKey(key)) {
                    uncovered.add(key);
                }
            });
        }
        return uncovered;
    }

    private JsonNode lastEntry(String entity, String entityId, String action) {
        JsonNode page = call(HttpMethod.GET, "/api/v1/audit?entity=" + entity + "&user=" + walker + "&size=500",
                null, null).getBody();
        for (JsonNode entry : page.get("content")) {
            if (entry.get("entityId").asText().equals(entityId) && entry.get("action").asText().equals(action)) {
                return entry;
            }
        }
        throw new AssertionError("no " + action + " of " + entity + " " + entityId + " in " + page);
    }

    private void noSecretAnywhere(List<String> secrets, CapturedOutput output) {
        String audit = String.join("\n", jdbc.queryForList("select concat_ws(' ', username, entity, entity_id,"
                + " before_json, after_json) from hostflow.audit_entry", String.class));
        List<byte[]> engineBytes = jdbc.queryForList("select bytes_ from act_ge_bytearray where bytes_ is not null",
                byte[].class);
        String engineText = String.join("\n", jdbc.queryForList("select concat_ws(' ', text_, text2_) from"
                + " act_ru_variable union all select concat_ws(' ', text_, text2_) from act_hi_varinst union all"
                + " select concat_ws(' ', text_, text2_) from act_hi_detail", String.class));
        SecretLeakCheck engine = new SecretLeakCheck(runtime, history, management);
        for (String secret : secrets) {
            assertThat(audit).as("the audit table").doesNotContain(secret);
            assertThat(output.getAll()).as("the log").doesNotContain(secret);
            assertThat(engineText).as("the engine's variables and details").doesNotContain(secret);
            assertThat(engineBytes).as("the engine's byte arrays").noneMatch(bytes ->
                    new String(bytes, StandardCharsets.UTF_8).contains(secret)
                            || new String(bytes, StandardCharsets.ISO_8859_1).contains(secret));
            assertThat(engine.placesInTheEngine(secret)).as("the engine").isEmpty();
        }
    }

    private Map<String, Object> module(String password) {
        Map<String, Object> module = new LinkedHashMap<>();
        module.put("productType", "vds");
        module.put("moduleType", "vmmanager6");
        module.put("name", "Walk module " + u);
        module.put("dataCenterId", ids.get("datacenter"));
        module.put("departmentId", ids.get("department"));
        module.put("sortOrder", 1);
        module.put("integration", Map.of("url", "http://localhost:" + port + "/simulator/vmmanager6", "username",
                moduleUser(), "password", password));
        module.put("settings", Map.of("cluster", "1", "useRecipes", false, "additionalNetworkInterface", false));
        return module;
    }

    private String moduleUser() {
        return "walk-module-" + u + "@example.com";
    }

    private Map<String, Object> productType(String name) {
        Map<String, Object> type = new LinkedHashMap<>();
        type.put("code", "walk-" + u);
        type.put("name", name);
        type.put("trialPolicy", "NONE");
        type.put("autoDeletionDays", 0);
        type.put("clientDeletion", "ALLOWED");
        type.put("onClientDelete", "IMMEDIATELY");
        type.put("orderPeriods", List.of("MONTH"));
        type.put("resources", List.of(Map.of("code", "ram", "name", "RAM", "unit", "MiB")));
        type.put("parameters", List.of(Map.of("code", "os", "name", "OS", "required", true, "choices",
                List.of("a", "b"))));
        return type;
    }

    private Map<String, Object> tariff(String name) {
        Map<String, Object> tariff = new LinkedHashMap<>();
        tariff.put("productType", "vds");
        tariff.put("providerId", ids.get("provider"));
        tariff.put("groupId", ids.get("tariff-group"));
        tariff.put("name", name);
        tariff.put("active", true);
        tariff.put("processingModuleIds", List.of(ids.get("processing-module")));
        tariff.put("defaultDomainTemplate", "walk{serviceId}.example");
        tariff.put("prices", Map.of("MONTH", "10.00"));
        tariff.put("addons", List.of(Map.of("resource", "ram", "included", 1024, "max", 4096, "step", 1024,
                "prices", Map.of("MONTH", "1.00")), Map.of("resource", "cpu", "included", 1), Map.of("resource",
                "disk", "included", 10240), Map.of("resource", "ipv4", "included", 1)));
        return tariff;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static JsonNode without(JsonNode node, String field) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = node.deepCopy();
        copy.remove(field);
        return copy;
    }

    private static String abbreviate(String text) {
        return text == null || text.length() < 300 ? text : text.substring(0, 300) + "…";
    }
}
