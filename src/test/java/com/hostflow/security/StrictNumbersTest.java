package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.support.IntegrationTest;

/**
 * A number a person or a client types is plain: ASCII digits, an optional minus, and for money a point and digits
 * ({@code StrictNumbers}). Page numbers and sizes, JSON amounts and whole numbers, the console's form fields, the
 * pages' typed amounts and the add-on values of the live price are refused when spelled any other way (hex, a plus,
 * blanks, an exponent, grouping, other scripts' digits, {@code 5.}, {@code .5}, minus zero), each a 400 naming the
 * field (the API's problem, the pages' form again with the field's message), never read as another value, never a
 * 500, nothing written. Plain values keep working.
 */
@IntegrationTest
class StrictNumbersTest {

    /** Query-parameter spellings of 5 (escaped as they go into the URL), none plain. */
    private static final List<String> BAD_QUERY_FIVES = List.of("0x5", "0X5", "%2B5", "%205", "5%20", "%095",
            escaped("\uFF15"), escaped("\u0665"), "5.0", "5e0", "1_5", "%2D0");

    /** Typed amounts that Java's parsers read as some number; none is plain decimal notation. */
    private static final List<String> BAD_AMOUNTS = List.of("1e3", "1E+3", "0x10", "+5", " 5", "5 ", " 5 ", "5.", ".5",
            "\uFF15", "\u0665", "1,000.00", "1,000", "12,50", "-0", "-0.00", "1e999999999", "1_000");

    /** Whole numbers written as JSON strings that Jackson read as 1. */
    private static final List<String> BAD_WHOLE_STRINGS = List.of("\"+1\"", "\" 1\"", "\"1 \"", "\"\\uFF11\"",
            "\"0x1\"", "\"1e0\"", "\"1.0\"", "\"-0\"");

    @Autowired
    TestRestTemplate http;

    SecurityFixtures f;

    @BeforeEach
    void fixtures() {
        f = SecurityFixtures.create(http);
    }

    @Test
    void pageNumbersAndSizesAreDigitsOnlyInTheApi() {
        for (String list : List.of("/api/v1/clients", "/api/v1/services", "/api/v1/audit", "/api/v1/payments")) {
            assertThat(get(list + "?page=0&size=5").getStatusCode().value()).as(list).isEqualTo(200);
            assertThat(json(get(list + "?page=-1")).path("detail").asText()).as(list).contains("between 0 and");
            for (String bad : BAD_QUERY_FIVES) {
                assertProblem(get(list + "?page=" + bad), "page", list + " page=" + bad);
                assertProblem(get(list + "?size=" + bad), "size", list + " size=" + bad);
            }
        }
    }

    @Test
    void jsonAmountsArePlainDecimalsAsNumbersAndAsStrings() {
        String before = balanceOfA();
        for (String bad : BAD_AMOUNTS) {
            String body = "{\"clientId\":" + f.clientA + ",\"amount\":\"" + bad + "\",\"externalId\":\"x-" + f.suffix
                    + bad.hashCode() + "\"}";
            assertProblem(post("/payments", body), "amount", "\"" + bad + "\"");
        }
        for (String bad : List.of("1e3", "1E+3", "1e1", "-0", "-0.00", "1e999999999", "1.25e1")) {
            String body = "{\"clientId\":" + f.clientA + ",\"amount\":" + bad + ",\"externalId\":\"y-" + f.suffix
                    + bad.hashCode() + "\"}";
            assertProblem(post("/payments", body), "amount", bad);
        }
        String huge = "{\"clientId\":" + f.clientA + ",\"amount\":\"" + "9".repeat(1_000_000)
                + "\",\"externalId\":\"huge-" + f.suffix + "\"}";
        assertProblem(post("/payments", huge), "amount", "a million digits");
        // more decimals than the currency has, as a string and as a number
        assertProblem(post("/payments", "{\"clientId\":" + f.clientA + ",\"amount\":\"12.505\",\"externalId\":\"z-"
                + f.suffix + "\"}"), "amount", "12.505");
        assertProblem(post("/payments", "{\"clientId\":" + f.clientA + ",\"amount\":12.505,\"externalId\":\"z-"
                + f.suffix + "\"}"), "amount", "12.505 as a number");
        assertThat(balanceOfA()).as("nothing was credited").isEqualTo(before);

        // a tariff's prices and an add-on's: the field named, nothing created
        Map<String, Object> tariff = f.tariffForm();
        tariff.put("name", "Exponent " + f.suffix);
        tariff.put("prices", Map.of("MONTH", "1e1"));
        assertProblem(f.call(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD, HttpMethod.POST, "/tariffs",
                tariff), "prices.MONTH", "price 1e1");
        tariff.put("prices", Map.of("MONTH", "10.00"));
        tariff.put("addons", List.of(Map.of("resource", "ram", "included", 1024, "prices", Map.of("MONTH", "+2"))));
        assertProblem(f.call(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD, HttpMethod.POST, "/tariffs",
                tariff), "addons[0].prices.MONTH", "add-on price +2");

        for (String good : List.of("\"12.50\"", "12.50", "\"12.5\"", "12.5", "\"12\"", "12", "\"0012.50\"")) {
            String body = "{\"clientId\":" + f.clientA + ",\"amount\":" + good + ",\"externalId\":\"good-" + f.suffix
                    + good.hashCode() + "\"}";
            ResponseEntity<String> paid = post("/payments", body);
            assertThat(paid.getStatusCode().value()).as(good + ": " + paid.getBody()).isEqualTo(201);
            assertThat(json(paid).path("amount").asText()).as(good).isEqualTo(good.contains(".") ? "12.50" : "12.00");
        }
    }

    @Test
    void jsonWholeNumbersWrittenAsStringsAreDigitsOnlyAndFractionsAreRefused() {
        List<String> bad = new java.util.ArrayList<>(BAD_WHOLE_STRINGS);
        bad.addAll(List.of("1.5", "1.0", "1e0", "1.6e1", "-0"));
        for (String value : bad) {
            String body = "{\"name\":\"DC " + f.suffix + value.hashCode() + "\",\"sortOrder\":" + value + "}";
            assertProblem(post("/datacenters", body), "sortOrder", "sortOrder " + value);
            // a Long in a list's object: an add-on's included amount of a tariff
            Map<String, Object> tariff = f.tariffForm();
            tariff.put("name", "Whole " + f.suffix + value.hashCode());
            tariff.put("addons", List.of(Map.of("resource", "ram", "included", new RawJson(value))));
            assertProblem(post("/tariffs", tariffJson(tariff)), "addons[0].included", "included " + value);
        }
        // a Long in a map: an add-on value of an order, spelled so that it was read as an allowed 2048 (client B
        // has no money: a taken order would wait for it)
        for (String value : List.of("\"+2048\"", "\" 2048\"", "\"2048 \"", "\"\\uFF12\\uFF10\\uFF14\\uFF18\"",
                "\"0x800\"", "\"2048.0\"", "2048.0", "2.048e3")) {
            String order = "{\"clientId\":" + f.clientB + ",\"tariffId\":" + f.tariffId
                    + ",\"period\":\"MONTH\",\"addons\":{\"ram\":" + value + "},\"params\":{\"os\":\"ubuntu-24.04\"}}";
            assertProblem(post("/orders", order), "addons.ram", "addons.ram " + value);
        }
        assertThat(json(get("/api/v1/orders?clientId=" + f.clientB)).path("content").size())
                .as("no order was taken").isZero();

        for (String good : List.of("\"1\"", "1", "0", "\"0\"", "\"007\"", "-3")) {
            String body = "{\"name\":\"DC good " + f.suffix + good.hashCode() + "\",\"sortOrder\":" + good + "}";
            ResponseEntity<String> created = post("/datacenters", body);
            assertThat(created.getStatusCode().value()).as(good + ": " + created.getBody()).isEqualTo(201);
        }
    }

    @Test
    void theApisAddonValuesInAQueryAreDigitsOnly() {
        String price = "/api/v1/tariffs/" + f.tariffId + "/price?period=MONTH&addons%5Bram%5D=";
        assertThat(json(get(price + "2048")).path("amount").asText()).isEqualTo("12.00");
        for (String bad : List.of("%2B2048", "%202048", "2048%20", escaped("\uFF12\uFF10\uFF14\uFF18"), "0x800",
                "2048.0", "2e3", "%2D0")) {
            assertProblem(get(price + bad), "addons.ram", "addons[ram]=" + bad);
        }
    }

    @Test
    void theConsolesFormsRefuseNumbersThatAreNotPlain() {
        SharedSessionClient admin = new SharedSessionClient(http);
        assertThat(admin.pageLogin(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD)).isEqualTo("/console");

        // a form object's Integer and Long: the form again with the field's message, nothing created
        for (String bad : List.of("0x10", "+5", " 5", "5 ", "\uFF15", "5.0", "1e1", "1 0")) {
            String name = "Form DC " + f.suffix + bad.hashCode();
            ResponseEntity<String> page = admin.submit("/console/datacenters/new", "/console/datacenters/new",
                    Map.of("name", name, "sortOrder", bad, "iconKind", "NONE"));
            assertThat(page.getStatusCode().value()).as(bad + ": " + page.getBody()).isEqualTo(200);
            assertThat(fieldErrors(page, "sortOrder")).as(bad).contains("must be a number of the digits 0-9");
            assertThat(get("/api/v1/datacenters").getBody()).as(bad).doesNotContain(name);
        }
        String hex = "0x" + Long.toHexString(f.dataCenterId);
        Map<String, String> module = new LinkedHashMap<>(Map.of("productType", "vds", "moduleType", "manual",
                "name", "Form module " + f.suffix, "departmentId", Long.toString(f.moduleDepartmentId),
                "dataCenterId", hex, "sortOrder", "1"));
        ResponseEntity<String> modulePage = admin.submit("/console/modules/new", "/console/modules/new", module);
        assertThat(modulePage.getStatusCode().value()).as(modulePage.getBody()).isEqualTo(200);
        assertThat(fieldErrors(modulePage, "dataCenterId")).as(hex).contains("must be a number of the digits 0-9");
        ResponseEntity<String> good = admin.submit("/console/datacenters/new", "/console/datacenters/new",
                Map.of("name", "Form DC good " + f.suffix, "sortOrder", "0", "iconKind", "NONE"));
        assertThat(good.getStatusCode().value()).as(good.getBody()).isEqualTo(302);

        // a product type's reminder days, read by hand from "3, 1"
        for (String bad : List.of("+3", "\uFF13", "3, +1", "0x3", "3.0", "-0")) {
            ResponseEntity<String> page = admin.submit("/console/product-types/new", "/console/product-types/new",
                    Map.of("code", "pt-r-" + f.suffix, "name", "Reminders " + f.suffix, "expiryReminderDays", bad));
            assertThat(page.getStatusCode().value()).as(bad + ": " + page.getBody()).isEqualTo(200);
            assertThat(fieldErrors(page, "expiryReminderDays")).as(bad).contains("whole days separated by commas");
        }

        // a list's page number
        for (String bad : BAD_QUERY_FIVES) {
            assertThat(admin.get("/console/clients?page=" + bad).getStatusCode().value()).as(bad).isEqualTo(400);
        }
        assertThat(admin.get("/console/clients?page=-1").getStatusCode().value()).isEqualTo(200);

        // money typed into the payment and credit forms
        String before = balanceOfA();
        String clientPage = "/console/clients/" + f.clientA;
        for (String bad : BAD_AMOUNTS) {
            ResponseEntity<String> paid = admin.submit(clientPage, clientPage + "/payments",
                    Map.of("amount", bad, "externalId", "form-" + f.suffix + bad.hashCode()));
            assertThat(paid.getStatusCode().value()).as(bad + ": " + paid.getBody()).isEqualTo(200);
            assertThat(fieldErrors(paid, "amount")).as(bad).contains("must be an amount like 10.00");
            ResponseEntity<String> credited = admin.submit(clientPage, clientPage + "/credits",
                    Map.of("amount", bad, "description", "typed " + bad));
            assertThat(credited.getStatusCode().value()).as(bad + ": " + credited.getBody()).isEqualTo(200);
            assertThat(credited.getBody()).as(bad).contains("must be an amount like 10.00");
        }
        // a plain number longer than any amount is not parsed at all (a million digits took seconds)
        ResponseEntity<String> huge = admin.submit(clientPage, clientPage + "/payments",
                Map.of("amount", "9".repeat(1_000_000), "externalId", "form-huge-" + f.suffix));
        assertThat(huge.getStatusCode().value()).isEqualTo(200);
        assertThat(fieldErrors(huge, "amount")).contains("must be an amount like 10.00");
        assertThat(balanceOfA()).as("nothing was credited").isEqualTo(before);
        ResponseEntity<String> paid = admin.submit(clientPage, clientPage + "/payments",
                Map.of("amount", "12.5", "externalId", "form-good-" + f.suffix));
        assertThat(paid.getStatusCode().value()).as(paid.getBody()).isEqualTo(302);
        assertThat(balanceOfA()).isEqualTo(new java.math.BigDecimal(before).add(new java.math.BigDecimal("12.50"))
                .toPlainString());

        // a tariff's price typed into its form
        ResponseEntity<String> tariff = admin.submit("/console/tariffs/new?productType=vds", "/console/tariffs/new",
                Map.of("productType", "vds", "providerId", Long.toString(f.providerId), "name",
                        "Form tariff " + f.suffix, "prices[MONTH]", "1,000"));
        assertThat(tariff.getStatusCode().value()).as(tariff.getBody()).isEqualTo(200);
        assertThat(fieldErrors(tariff, "prices.MONTH")).contains("must be an amount like 10.00");
    }

    @Test
    void theClientAreasLivePriceAndOrderFormReadAddonValuesAsDigitsOnly() {
        SharedSessionClient client = new SharedSessionClient(http);
        assertThat(client.pageLogin(f.clientBEmail, SecurityFixtures.PASSWORD)).isEqualTo("/my");
        String price = "/my/order/" + f.tariffId + "/price?period=MONTH&addons%5Bram%5D=";
        assertThat(json(client.get(price + "2048")).path("amount").asText()).isEqualTo("12.00");
        for (String bad : List.of("%2B2048", "%202048", "2048%20", escaped("\uFF12\uFF10\uFF14\uFF18"), "0x800",
                "2048.0")) {
            // the order form's script reads the field's problem from the answer, as it does for letters
            JsonNode answer = json(client.get(price + bad));
            assertThat(answer.path("errors").path("addons.ram").toString()).as(bad + ": " + answer)
                    .contains("must be a whole number of the digits 0-9");
            assertThat(answer.path("amount").textValue()).as(bad + ": " + answer).isNull();
        }
        String orderPage = "/my/order/" + f.tariffId;
        for (String bad : List.of("+2048", " 2048", "\uFF12\uFF10\uFF14\uFF18")) {
            ResponseEntity<String> ordered = client.submit(orderPage, orderPage,
                    Map.of("period", "MONTH", "addons[ram]", bad, "params[os]", "ubuntu-24.04"));
            assertThat(ordered.getStatusCode().value()).as(bad + ": " + ordered.getBody()).isIn(200, 400);
            assertThat(ordered.getBody()).as(bad).contains("must be a whole number of the digits 0-9");
        }
        assertThat(json(get("/api/v1/orders?clientId=" + f.clientB)).path("content").size())
                .as("no order was taken").isZero();
    }

    // --- helpers

    /** A JSON value written as it is into {@link #tariffJson}. */
    private record RawJson(String json) {
    }

    private static String tariffJson(Object value) {
        if (value instanceof RawJson raw) {
            return raw.json();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder json = new StringBuilder("{");
            map.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":")
                    .append(tariffJson(v)));
            return json.append('}').toString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(StrictNumbersTest::tariffJson).collect(java.util.stream.Collectors.joining(",",
                    "[", "]"));
        }
        if (value instanceof String text) {
            return "\"" + text + "\"";
        }
        return String.valueOf(value);
    }

    private String balanceOfA() {
        return json(get("/api/v1/clients/" + f.clientA + "/account")).path("balance").asText();
    }

    private ResponseEntity<String> get(String path) {
        return http.withBasicAuth(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD)
                .exchange(URI.create(http.getRootUri() + path), HttpMethod.GET, null, String.class);
    }

    private ResponseEntity<String> post(String path, String json) {
        return f.call(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD, HttpMethod.POST, path, json);
    }

    private static void assertProblem(ResponseEntity<String> answer, String field, String what) {
        assertThat(answer.getStatusCode().value()).as(what + ": " + answer.getBody()).isEqualTo(400);
        assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .as(what).isTrue();
        assertThat(json(answer).path("errors").findValuesAsText("field")).as(what + ": " + answer.getBody())
                .contains(field);
    }

    /** The messages shown beside a field of a page's form. */
    private static String fieldErrors(ResponseEntity<String> page, String field) {
        String html = page.getBody();
        int at = html.indexOf("data-errors-for=\"" + field + "\"");
        assertThat(at).as("the field " + field + " in " + html).isNotNegative();
        return html.substring(at, html.indexOf("</div>", at));
    }

    private static JsonNode json(ResponseEntity<String> answer) {
        return SecurityFixtures.json(answer);
    }

    private static String escaped(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
