package com.hostflow.security;

import static com.hostflow.security.ApiAccessWalkerTest.Expect.ALLOWED;
import static com.hostflow.security.ApiAccessWalkerTest.Expect.FORBIDDEN;
import static com.hostflow.security.ApiAccessWalkerTest.Expect.HIDDEN;
import static com.hostflow.security.ApiAccessWalkerTest.Expect.HIDDEN_OR_FORBIDDEN;
import static com.hostflow.security.ApiAccessWalkerTest.Expect.OK;
import static com.hostflow.security.ApiAccessWalkerTest.Expect.OWN_ONLY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.support.IsolatedIntegrationTest;

/**
 * Walks every operation of the OpenAPI document as anonymous, as client B (a client of another account), as staff of
 * another department and as the admin, with path parameters filled from fixtures that belong to client A, and checks
 * each answer against {@link #RULES}. An operation the table does not cover fails the test, so a new endpoint cannot
 * slip past it: add a row saying who may call it.
 */
@IsolatedIntegrationTest
class ApiAccessWalkerTest {

    /** What a role must get back. Anonymous callers always get 401 under /api. */
    enum Expect {
        /** 2xx. */
        OK,
        /** 403: the role may not do this at all (checked on the URL, before the body is read). */
        FORBIDDEN,
        /** 404: another client's data answers as if it did not exist. */
        HIDDEN,
        /** 403 or 404: a write naming another client's id. */
        HIDDEN_OR_FORBIDDEN,
        /** A list: 2xx showing none of client A's rows, or 404 when the filter names client A. */
        OWN_ONLY,
        /** Not 401/403 and no 5xx (an admin write whose body or state may be refused with 400/404/409/422). */
        ALLOWED
    }

    record Rule(HttpMethod method, String path, Expect otherClient, Expect otherStaff, Expect admin) {

        String key() {
            return method + " " + path;
        }
    }

    private static Rule rule(String method, String path, Expect otherClient, Expect otherStaff, Expect admin) {
        return new Rule(HttpMethod.valueOf(method), path, otherClient, otherStaff, admin);
    }

    /** Who may call what. Path parameters are client A's (or the fixtures') ids; client B and the staff are intruders. */
    static final List<Rule> RULES = List.of(
            //    method    path                                              client B             staff of dept B  admin
            // public catalog: everybody logged in reads, admins write
            rule("GET",    "/api/v1/datacenters",                             OK,                  OK,              OK),
            rule("POST",   "/api/v1/datacenters",                             FORBIDDEN,           FORBIDDEN,       OK),
            rule("GET",    "/api/v1/datacenters/{id}",                        OK,                  OK,              OK),
            rule("PUT",    "/api/v1/datacenters/{id}",                        FORBIDDEN,           FORBIDDEN,       OK),
            rule("DELETE", "/api/v1/datacenters/{id}",                        FORBIDDEN,           FORBIDDEN,       ALLOWED),
            rule("GET",    "/api/v1/providers",                               OK,                  OK,              OK),
            rule("POST",   "/api/v1/providers",                               FORBIDDEN,           FORBIDDEN,       OK),
            rule("GET",    "/api/v1/providers/{id}",                          OK,                  OK,              OK),
            rule("PUT",    "/api/v1/providers/{id}",                          FORBIDDEN,           FORBIDDEN,       OK),
            rule("DELETE", "/api/v1/providers/{id}",                          FORBIDDEN,           FORBIDDEN,       ALLOWED),
            rule("GET",    "/api/v1/product-types",                           OK,                  OK,              OK),
            rule("POST",   "/api/v1/product-types",                           FORBIDDEN,           FORBIDDEN,       OK),
            rule("GET",    "/api/v1/product-types/{code}",                    OK,                  OK,              OK),
            rule("PUT",    "/api/v1/product-types/{code}",                    FORBIDDEN,           FORBIDDEN,       OK),
            rule("DELETE", "/api/v1/product-types/{code}",                    FORBIDDEN,           FORBIDDEN,       ALLOWED),
            // asks a processing module: the walker's body names none, so the admin gets a 400
            rule("POST",   "/api/v1/product-types/{code}/load-choices",       FORBIDDEN,           FORBIDDEN,       ALLOWED),
            rule("GET",    "/api/v1/tariff-groups",                           OK,                  OK,              OK),
            rule("POST",   "/api/v1/tariff-groups",                           FORBIDDEN,           FORBIDDEN,       OK),
            rule("GET",    "/api/v1/tariff-groups/{id}",                      OK,                  OK,              OK),
            rule("PUT",    "/api/v1/tariff-groups/{id}",                      FORBIDDEN,           FORBIDDEN,       OK),
            rule("DELETE", "/api/v1/tariff-groups/{id}",                      FORBIDDEN,           FORBIDDEN,       ALLOWED),
            rule("GET",    "/api/v1/tariffs",                                 OK,                  OK,              OK),
            rule("POST",   "/api/v1/tariffs",                                 FORBIDDEN,           FORBIDDEN,       OK),
            rule("GET",    "/api/v1/tariffs/{id}",                            OK,                  OK,              OK),
            rule("PUT",    "/api/v1/tariffs/{id}",                            FORBIDDEN,           FORBIDDEN,       OK),
            rule("DELETE", "/api/v1/tariffs/{id}",                            FORBIDDEN,           FORBIDDEN,       ALLOWED),
            // a quote without a period answers 400 naming it; with one, anybody logged in prices active tariffs
            rule("GET",    "/api/v1/tariffs/{id}/price",                      ALLOWED,             ALLOWED,         ALLOWED),
            // internal catalog: staff and admins read, admins write
            rule("GET",    "/api/v1/calendars",                               FORBIDDEN,           OK,              OK),
            rule("POST",   "/api/v1/calendars",                               FORBIDDEN,           FORBIDDEN,       OK),
            rule("GET",    "/api/v1/calendars/{id}",                          FORBIDDEN,           OK,              OK),
            rule("PUT",    "/api/v1/calendars/{id}",                          FORBIDDEN,           FORBIDDEN,       OK),
            rule("DELETE", "/api/v1/calendars/{id}",                          FORBIDDEN,           FORBIDDEN,       ALLOWED),
            rule("GET",    "/api/v1/departments",                             FORBIDDEN,           OK,              OK),
            rule("POST",   "/api/v1/departments",                             FORBIDDEN,           FORBIDDEN,       OK),
            rule("GET",    "/api/v1/departments/{id}",                        FORBIDDEN,           OK,              OK),
            rule("PUT",    "/api/v1/departments/{id}",                        FORBIDDEN,           FORBIDDEN,       OK),
            rule("DELETE", "/api/v1/departments/{id}",                        FORBIDDEN,           FORBIDDEN,       ALLOWED),
            rule("GET",    "/api/v1/module-types",                            FORBIDDEN,           OK,              OK),
            rule("GET",    "/api/v1/module-types/{type}",                     FORBIDDEN,           OK,              OK),
            rule("GET",    "/api/v1/processing-modules",                      FORBIDDEN,           OK,              OK),
            rule("POST",   "/api/v1/processing-modules",                      FORBIDDEN,           FORBIDDEN,       OK),
            rule("GET",    "/api/v1/processing-modules/{id}",                 FORBIDDEN,           OK,              OK),
            rule("PUT",    "/api/v1/processing-modules/{id}",                 FORBIDDEN,           FORBIDDEN,       OK),
            rule("DELETE", "/api/v1/processing-modules/{id}",                 FORBIDDEN,           FORBIDDEN,       ALLOWED),
            rule("POST",   "/api/v1/processing-modules/{id}/check-connection", FORBIDDEN,          FORBIDDEN,       OK),
            // staff accounts, audit log, billing run: admins only
            rule("GET",    "/api/v1/users",                                   FORBIDDEN,           FORBIDDEN,       OK),
            rule("POST",   "/api/v1/users",                                   FORBIDDEN,           FORBIDDEN,       OK),
            rule("GET",    "/api/v1/users/{username}",                        FORBIDDEN,           FORBIDDEN,       OK),
            rule("PUT",    "/api/v1/users/{username}",                        FORBIDDEN,           FORBIDDEN,       OK),
            rule("DELETE", "/api/v1/users/{username}",                        FORBIDDEN,           FORBIDDEN,       ALLOWED),
            rule("GET",    "/api/v1/audit",                                   FORBIDDEN,           FORBIDDEN,       OK),
            rule("POST",   "/api/v1/billing/run",                             FORBIDDEN,           FORBIDDEN,       ALLOWED),
            // drift reconciliation: staff read what it found, admins start a round
            rule("GET",    "/api/v1/sync/orphans",                            FORBIDDEN,           OK,              OK),
            rule("GET",    "/api/v1/sync/drifts",                             FORBIDDEN,           OK,              OK),
            rule("POST",   "/api/v1/sync/run",                                FORBIDDEN,           FORBIDDEN,       ALLOWED),
            // clients and their money: a client sees only itself, staff read, admins write
            rule("GET",    "/api/v1/clients",                                 OWN_ONLY,            OK,              OK),
            rule("POST",   "/api/v1/clients",                                 FORBIDDEN,           FORBIDDEN,       OK),
            rule("GET",    "/api/v1/clients/{id}",                            HIDDEN,              OK,              OK),
            rule("PUT",    "/api/v1/clients/{id}",                            FORBIDDEN,           FORBIDDEN,       OK),
            rule("DELETE", "/api/v1/clients/{id}",                            FORBIDDEN,           FORBIDDEN,       ALLOWED),
            rule("GET",    "/api/v1/clients/{clientId}/account",              HIDDEN,              OK,              OK),
            rule("GET",    "/api/v1/clients/{clientId}/expenses",             HIDDEN,              OK,              OK),
            rule("GET",    "/api/v1/clients/{clientId}/credits",              HIDDEN,              OK,              OK),
            rule("POST",   "/api/v1/clients/{clientId}/credits",              FORBIDDEN,           FORBIDDEN,       OK),
            rule("GET",    "/api/v1/clients/{clientId}/credits/{id}",         HIDDEN,              OK,              OK),
            rule("GET",    "/api/v1/payments",                                OWN_ONLY,            OK,              OK),
            rule("POST",   "/api/v1/payments",                                HIDDEN_OR_FORBIDDEN, FORBIDDEN,       OK),
            rule("GET",    "/api/v1/payments/{id}",                           HIDDEN,              OK,              OK),
            // orders and services: clients act on their own, staff read, admins suspend and resume
            rule("POST",   "/api/v1/orders",                                  HIDDEN_OR_FORBIDDEN, FORBIDDEN,       ALLOWED),
            rule("GET",    "/api/v1/orders",                                  HIDDEN,              OK,              OK),
            rule("GET",    "/api/v1/orders/{id}",                             HIDDEN,              OK,              OK),
            rule("GET",    "/api/v1/services",                                OWN_ONLY,            OK,              OK),
            rule("GET",    "/api/v1/services/{id}",                           HIDDEN,              OK,              OK),
            rule("GET",    "/api/v1/services/{id}/processes",                 HIDDEN,              OK,              OK),
            rule("GET",    "/api/v1/services/{id}/journal",                   HIDDEN,              OK,              OK),
            // a read: another client's service is hidden; without add-on values it answers 400 (changes nothing)
            rule("GET",    "/api/v1/services/{id}/parameters/quote",          HIDDEN,              ALLOWED,         ALLOWED),
            rule("POST",   "/api/v1/services/{id}/parameters",                HIDDEN,              FORBIDDEN,       ALLOWED),
            rule("POST",   "/api/v1/services/{id}/prolong",                   HIDDEN,              FORBIDDEN,       ALLOWED),
            rule("POST",   "/api/v1/services/{id}/deletion-code",             HIDDEN,              FORBIDDEN,       ALLOWED),
            rule("POST",   "/api/v1/services/{id}/suspend",                   FORBIDDEN,           FORBIDDEN,       ALLOWED),
            rule("POST",   "/api/v1/services/{id}/resume",                    FORBIDDEN,           FORBIDDEN,       ALLOWED),
            rule("DELETE", "/api/v1/services/{id}",                           HIDDEN,              FORBIDDEN,       ALLOWED),
            rule("DELETE", "/api/v1/services/{id}/deletion",                  HIDDEN,              FORBIDDEN,       ALLOWED),
            // a service's credentials: its client and admins; staff never (admin's reset: 409 while not ACTIVE)
            rule("GET",    "/api/v1/services/{id}/credentials",               HIDDEN,              FORBIDDEN,       OK),
            rule("POST",   "/api/v1/services/{id}/reset-password",            HIDDEN,              FORBIDDEN,       ALLOWED),
            // notifications: a client reads its own, staff read, admins send and see the whole outbox
            rule("GET",    "/api/v1/clients/{clientId}/notifications",        HIDDEN,              OK,              OK),
            rule("POST",   "/api/v1/clients/{clientId}/notifications",        FORBIDDEN,           FORBIDDEN,       OK),
            rule("GET",    "/api/v1/notifications",                           FORBIDDEN,           FORBIDDEN,       OK),
            rule("GET",    "/api/v1/notifications/{id}",                      FORBIDDEN,           FORBIDDEN,       ALLOWED),
            rule("POST",   "/api/v1/notifications/{id}/resend",               FORBIDDEN,           FORBIDDEN,       ALLOWED),
            rule("GET",    "/api/v1/notification-templates",                  FORBIDDEN,           FORBIDDEN,       OK),
            // the demo clock: read by anyone logged in, moved by admins (the admin gets an empty body: 400, so the
            // shared clock never moves)
            // one's own login: everyone; the walker's password change is refused (too short), so logins stay
            rule("GET",    "/api/v1/me",                                      OK,                  OK,              OK),
            rule("PUT",    "/api/v1/me/password",                             ALLOWED,             ALLOWED,         ALLOWED),
            rule("GET",    "/api/v1/dev/clock",                               OK,                  OK,              OK),
            rule("PUT",    "/api/v1/dev/clock",                               FORBIDDEN,           FORBIDDEN,       ALLOWED));

    /** A valid body per write operation (the admin's write succeeds; an intruder's names client A). */
    private static final Map<String, Function<SecurityFixtures, Object>> BODIES = Map.ofEntries(
            Map.entry("POST /api/v1/datacenters", f -> Map.of("name", "DC " + unique(), "sortOrder", 2)),
            Map.entry("PUT /api/v1/datacenters/{id}", f -> Map.of("name", "DC " + f.suffix, "sortOrder", 1,
                    "icon", Map.of("countryCode", "NL"))),
            Map.entry("POST /api/v1/providers", f -> Map.of("name", "Provider " + unique(), "currency", "USD")),
            Map.entry("PUT /api/v1/providers/{id}", f -> Map.of("name", "Provider " + f.suffix, "currency", "EUR")),
            Map.entry("POST /api/v1/product-types", f -> f.productTypeForm("pt-" + unique())),
            Map.entry("PUT /api/v1/product-types/{code}", f -> f.productTypeForm(f.productTypeCode)),
            Map.entry("POST /api/v1/tariff-groups", f -> Map.of("name", "Group " + unique())),
            Map.entry("PUT /api/v1/tariff-groups/{id}", f -> Map.of("name", "Group " + f.suffix)),
            Map.entry("POST /api/v1/tariffs", f -> with(f.tariffForm(), "name", "Tariff " + unique())),
            Map.entry("PUT /api/v1/tariffs/{id}", SecurityFixtures::tariffForm),
            Map.entry("POST /api/v1/calendars", f -> Map.of("providerId", f.spareProviderId, "timeZone", "UTC",
                    "weekendDays", List.of("SUNDAY"))),
            Map.entry("PUT /api/v1/calendars/{id}", f -> Map.of("providerId", f.providerId,
                    "timeZone", "Europe/Amsterdam", "weekendDays", List.of("SATURDAY", "SUNDAY"))),
            Map.entry("POST /api/v1/departments", f -> Map.of("name", "Dept", "key", "dept-" + unique())),
            Map.entry("PUT /api/v1/departments/{id}", f -> Map.of("name", "Ops " + f.suffix,
                    "key", f.moduleDepartmentKey)),
            Map.entry("POST /api/v1/processing-modules", f -> Map.of("productType", "vds", "moduleType", "manual",
                    "name", "Manual " + unique())),
            Map.entry("PUT /api/v1/processing-modules/{id}", f -> Map.of("productType", "vds",
                    "moduleType", "manual", "name", "Manual " + f.suffix, "departmentId", f.moduleDepartmentId)),
            Map.entry("POST /api/v1/users", f -> Map.of("username", "user-" + unique(), "password", "long-password",
                    "roles", List.of("STAFF"), "departments", List.of(f.staffDepartmentKey))),
            Map.entry("PUT /api/v1/users/{username}", f -> f.staffForm(false)),
            Map.entry("POST /api/v1/clients", f -> f.clientForm("new-" + unique() + "@example.com", "New", false)),
            Map.entry("PUT /api/v1/clients/{id}", f -> f.clientForm(f.clientAEmail, f.clientAName, false)),
            Map.entry("POST /api/v1/payments", f -> Map.of("clientId", f.clientA, "amount", "1.00",
                    "externalId", "bank-" + unique())),
            Map.entry("POST /api/v1/clients/{clientId}/credits", f -> Map.of("amount", "1.00", "description",
                    "walker")),
            Map.entry("POST /api/v1/orders", f -> f.orderForm(f.clientA)),
            Map.entry("POST /api/v1/services/{id}/parameters", f -> Map.of("addons", Map.of("ram", 2048))),
            Map.entry("POST /api/v1/services/{id}/prolong", f -> Map.of("period", "MONTH")),
            Map.entry("POST /api/v1/services/{id}/suspend", f -> Map.of("reason", "ADMIN", "comment", "walker")),
            Map.entry("POST /api/v1/services/{id}/resume", f -> Map.of("reason", "ADMIN")),
            Map.entry("PUT /api/v1/dev/clock", f -> Map.of()),
            Map.entry("PUT /api/v1/me/password", f -> Map.of("currentPassword", "whatever", "newPassword", "short")),
            Map.entry("POST /api/v1/clients/{clientId}/notifications", f -> Map.of("template", "payment-received",
                    "params", Map.of("amount", "1.00"))));

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    @Autowired
    TestRestTemplate http;

    record Operation(HttpMethod method, String path, Set<String> queryParameters) {

        String key() {
            return method + " " + path;
        }
    }

    @Test
    void everyOperationAnswersEachRoleAsTheTableSays() {
        List<Operation> operations = operations();
        Map<String, Rule> rules = RULES.stream().collect(Collectors.toMap(Rule::key, r -> r));

        assertThat(operations.stream().map(Operation::key).filter(key -> !rules.containsKey(key)).toList())
                .as("operations of the OpenAPI document without a row in ApiAccessWalkerTest.RULES")
                .isEmpty();
        assertThat(operations).as("the OpenAPI document lists the API").hasSizeGreaterThan(30);

        SecurityFixtures f = SecurityFixtures.create(http);
        if (operations.stream().anyMatch(o -> o.key().equals("POST /api/v1/orders"))) {
            f.orderServiceForA();
        }
        f.creditForA();

        List<String> problems = new ArrayList<>();
        // intruders first; the admin's deletes last, so every other call still finds the fixtures
        for (Operation operation : operations) {
            Rule rule = rules.get(operation.key());
            check(problems, operation, "anonymous", Expect.FORBIDDEN, call(f, operation, null, null), f, true);
            check(problems, operation, "client B", rule.otherClient(),
                    call(f, operation, f.clientBEmail, SecurityFixtures.PASSWORD), f, false);
            check(problems, operation, "staff", rule.otherStaff(),
                    call(f, operation, f.staffUser, SecurityFixtures.PASSWORD), f, false);
        }
        operations.stream().filter(o -> o.method() != HttpMethod.DELETE).forEach(operation -> check(problems,
                operation, "admin", rules.get(operation.key()).admin(), call(f, operation, SecurityFixtures.ADMIN,
                        SecurityFixtures.ADMIN_PASSWORD), f, false));
        operations.stream().filter(o -> o.method() == HttpMethod.DELETE).forEach(operation -> check(problems,
                operation, "admin", rules.get(operation.key()).admin(), call(f, operation, SecurityFixtures.ADMIN,
                        SecurityFixtures.ADMIN_PASSWORD), f, false));

        assertThat(problems).as("answers that break the access rules").isEmpty();
    }

    /** A forbidden write answers 403 before its body is read: a broken body must not turn it into a 400. */
    @Test
    void forbiddenWritesAnswer403EvenWithABrokenBody() {
        Map<String, Rule> rules = RULES.stream().collect(Collectors.toMap(Rule::key, r -> r));
        SecurityFixtures f = SecurityFixtures.create(http);
        List<String> problems = new ArrayList<>();
        for (Operation operation : operations()) {
            Rule rule = rules.get(operation.key());
            if (rule == null || operation.method() == HttpMethod.GET || !needsFixturesWeHave(f, operation)) {
                continue;
            }
            String url = url(f, operation);
            if (rule.otherClient() == FORBIDDEN) {
                expect403(problems, operation, "client B", f.callRaw(f.clientBEmail, operation.method(), url));
            }
            if (rule.otherStaff() == FORBIDDEN) {
                expect403(problems, operation, "staff", f.callRaw(f.staffUser, operation.method(), url));
            }
        }
        assertThat(problems).as("forbidden writes that read the body first").isEmpty();
    }

    private static boolean needsFixturesWeHave(SecurityFixtures f, Operation operation) {
        return f.serviceA != null || !operation.path().startsWith("/api/v1/services/")
                && !operation.path().startsWith("/api/v1/orders/");
    }

    private static void expect403(List<String> problems, Operation operation, String who,
            ResponseEntity<String> response) {
        if (response.getStatusCode().value() != 403) {
            problems.add(String.format("%s as %s with a broken body: expected 403, got %d %s", operation.key(), who,
                    response.getStatusCode().value(), abbreviate(String.valueOf(response.getBody()))));
        }
    }

    @Test
    void everyRowOfTheTableIsUnique() {
        assertThat(RULES.stream().map(Rule::key).distinct().count()).isEqualTo(RULES.size());
    }

    private List<Operation> operations() {
        ResponseEntity<String> docs = http.getForEntity("/v3/api-docs", String.class);
        assertThat(docs.getStatusCode().is2xxSuccessful()).as("/v3/api-docs").isTrue();
        JsonNode paths = SecurityFixtures.json(docs).get("paths");
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                Set<String> query = new TreeSet<>();
                op.getValue().path("parameters").forEach(p -> {
                    if ("query".equals(p.path("in").asText())) {
                        query.add(p.path("name").asText());
                    }
                });
                operations.add(new Operation(HttpMethod.valueOf(op.getKey().toUpperCase()), path.getKey(), query));
            }
        }
        return operations;
    }

    private static ResponseEntity<String> call(SecurityFixtures f, Operation operation, String user,
            String password) {
        Function<SecurityFixtures, Object> body = BODIES.get(operation.key());
        return f.call(user, password, operation.method(), url(f, operation), body == null ? null : body.apply(f));
    }

    /** The path with client A's (or the fixtures') ids, and {@code clientId=A} when the operation filters by it. */
    private static String url(SecurityFixtures f, Operation operation) {
        Matcher matcher = PATH_PARAMETER.matcher(operation.path());
        StringBuilder url = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(url, Matcher.quoteReplacement(fixtureFor(f, operation.path(),
                    matcher.group(1))));
        }
        matcher.appendTail(url);
        if (operation.queryParameters().contains("clientId")) {
            url.append("?clientId=").append(f.clientA);
        }
        return url.toString();
    }

    private static String fixtureFor(SecurityFixtures f, String path, String parameter) {
        String resource = path.substring("/api/v1/".length()).split("/")[0];
        Object value = switch (resource) {
            case "clients" -> path.contains("/credits/") && parameter.equals("id") ? f.creditA : f.clientA;
            case "payments" -> f.paymentA;
            case "services" -> required(f.serviceA, "a service of client A (needs POST /api/v1/orders)");
            case "orders" -> required(f.orderA, "an order of client A");
            case "datacenters" -> f.dataCenterId;
            case "departments" -> f.moduleDepartmentId;
            case "calendars" -> f.calendarId;
            case "providers" -> f.providerId;
            case "processing-modules" -> f.moduleId;
            case "module-types" -> "manual";
            case "product-types" -> f.productTypeCode;
            case "tariff-groups" -> f.tariffGroupId;
            case "tariffs" -> f.tariffId;
            case "users" -> f.staffUser;
            // any id: the admin may get 404 (ALLOWED), everyone else 403 before the id is looked at
            case "notifications" -> 1;
            default -> throw new AssertionError("no fixture for {" + parameter + "} of " + path
                    + ": teach ApiAccessWalkerTest.fixtureFor which id to use");
        };
        return String.valueOf(value);
    }

    private static Object required(Object value, String what) {
        if (value == null) {
            throw new AssertionError("the walker has no " + what);
        }
        return value;
    }

    private static void check(List<String> problems, Operation operation, String who, Expect expect,
            ResponseEntity<String> response, SecurityFixtures f, boolean anonymous) {
        int status = response.getStatusCode().value();
        String body = response.getBody() == null ? "" : response.getBody();
        boolean ok = anonymous ? status == 401 : switch (expect) {
            case OK -> status >= 200 && status < 300;
            case FORBIDDEN -> status == 403;
            case HIDDEN -> status == 404;
            case HIDDEN_OR_FORBIDDEN -> status == 403 || status == 404;
            case OWN_ONLY -> status == 404 || status >= 200 && status < 300;
            case ALLOWED -> status != 401 && status != 403 && status < 500;
        };
        if (!ok) {
            problems.add(String.format("%s as %s: expected %s, got %d %s", operation.key(), who,
                    anonymous ? "401" : expect, status, abbreviate(body)));
        }
        boolean intruder = anonymous || who.equals("client B");
        if (intruder && leaksClientA(f, body)) {
            problems.add(String.format("%s as %s: shows client A's data: %s", operation.key(), who,
                    abbreviate(body)));
        }
    }

    /** Client A's email, name or payment reference, or a row carrying its id as clientId. */
    private static boolean leaksClientA(SecurityFixtures f, String body) {
        if (body.contains(f.clientAEmail) || body.contains(f.clientAName) || body.contains(f.paymentAExternalId)) {
            return true;
        }
        if (!body.startsWith("{") && !body.startsWith("[")) {
            return false;
        }
        return hasClientId(SecurityFixtures.json(ResponseEntity.ok(body)), f.clientA);
    }

    private static boolean hasClientId(JsonNode node, long clientId) {
        if (node.isObject()) {
            JsonNode id = node.get("clientId");
            if (id != null && id.isNumber() && id.asLong() == clientId) {
                return true;
            }
        }
        for (JsonNode child : node) {
            if (hasClientId(child, clientId)) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private static String unique() {
        return java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, Object> with(Map<String, Object> form, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(form);
        copy.put(key, value);
        return copy;
    }
}
