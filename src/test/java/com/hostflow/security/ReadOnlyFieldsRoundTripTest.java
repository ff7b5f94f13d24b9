package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hostflow.common.web.StrictNumbers;
import com.hostflow.support.IntegrationTest;

/**
 * A PUT of exactly what the GET returned is accepted on every writable resource; read-only fields with another
 * value are refused naming the field. Also: a client filtering services by another client's id gets 404, and a
 * parameter change names a bad value before it looks at the service's state.
 */
@IntegrationTest
class ReadOnlyFieldsRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    TestRestTemplate http;

    SecurityFixtures f;

    @BeforeEach
    void fixtures() {
        f = SecurityFixtures.create(http);
    }

    @Test
    void putOfWhatGetReturnedIsAcceptedEverywhere() {
        Map<String, String> resources = new LinkedHashMap<>();
        resources.put("/datacenters/" + f.dataCenterId, "id");
        resources.put("/providers/" + f.providerId, "id");
        resources.put("/departments/" + f.moduleDepartmentId, "id");
        resources.put("/processing-modules/" + f.moduleId, "id");
        resources.put("/tariff-groups/" + f.tariffGroupId, "id");
        resources.put("/tariffs/" + f.tariffId, "id");
        resources.put("/product-types/" + f.productTypeCode, null);
        resources.put("/users/" + f.staffUser, null);
        resources.put("/clients/" + f.clientA, "id");

        for (var resource : resources.entrySet()) {
            String path = resource.getKey();
            String before = f.asAdmin(HttpMethod.GET, path, null, 200).getBody();

            ResponseEntity<String> put = f.call(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD,
                    HttpMethod.PUT, path, before);
            assertThat(put.getStatusCode().value()).as("PUT %s of its GET: %s", path, put.getBody()).isEqualTo(200);
            assertThat(json(f.asAdmin(HttpMethod.GET, path, null, 200).getBody()))
                    .as("%s unchanged by a PUT of itself", path).isEqualTo(json(before));

            if (resource.getValue() != null) {
                ObjectNode changedId = (ObjectNode) json(before);
                changedId.put(resource.getValue(), changedId.get(resource.getValue()).asLong() + 1000);
                ResponseEntity<String> refused = f.call(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD,
                        HttpMethod.PUT, path, changedId.toString());
                assertThat(refused.getStatusCode().value()).as("PUT %s with another id", path).isEqualTo(400);
                assertThat(json(refused.getBody()).path("errors").get(0).path("field").asText())
                        .isEqualTo(resource.getValue());
            }
        }
    }

    @Test
    void aNestedReadOnlyFieldWithAnotherValueIsNamed() {
        String path = "/processing-modules/" + f.moduleId;
        ObjectNode module = (ObjectNode) json(f.asAdmin(HttpMethod.GET, path, null, 200).getBody());
        boolean passwordSet = module.path("integration").path("passwordSet").asBoolean();
        ((ObjectNode) module.get("integration")).put("passwordSet", !passwordSet);

        ResponseEntity<String> refused = f.call(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD,
                HttpMethod.PUT, path, module.toString());

        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(json(refused.getBody()).path("errors").get(0).path("field").asText())
                .isEqualTo("integration.passwordSet");
    }

    @Test
    void readOnlyFieldsMayBeLeftOut() {
        String path = "/tariff-groups/" + f.tariffGroupId;
        ResponseEntity<String> put = f.call(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD,
                HttpMethod.PUT, path, Map.of("name", "Renamed " + f.suffix));

        assertThat(put.getStatusCode().value()).isEqualTo(200);
        assertThat(json(put.getBody()).path("name").asText()).isEqualTo("Renamed " + f.suffix);
    }

    @Test
    void fieldsNeitherFormNorResourceHaveStayUnknown() {
        String path = "/tariff-groups/" + f.tariffGroupId;
        ResponseEntity<String> put = f.call(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD,
                HttpMethod.PUT, path, Map.of("name", "x", "colour", "red"));

        assertThat(put.getStatusCode().value()).isEqualTo(400);
        assertThat(json(put.getBody()).path("errors").get(0).path("field").asText()).isEqualTo("colour");
    }

    /**
     * The advice hands the form the body it read, written again: its numbers must come through as sent, not as the
     * nearest double ({@code 1e400} became the text "Infinity", a price with 18 decimals one with none).
     */
    @Test
    void numbersADoubleCannotHoldReachTheFormAsSent() {
        String group = "/tariff-groups/" + f.tariffGroupId;
        String name = json(f.asAdmin(HttpMethod.GET, group, null, 200).getBody()).path("name").asText();
        for (String number : new String[] {"1e400", "-1e400"}) {
            ResponseEntity<String> put = f.call(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD,
                    HttpMethod.PUT, group, "{\"name\":" + number + "}");
            assertThat(put.getStatusCode().value()).as("name %s: %s", number, put.getBody()).isEqualTo(400);
            assertThat(json(put.getBody()).path("errors").get(0).path("field").asText()).isEqualTo("name");
        }
        assertThat(json(f.asAdmin(HttpMethod.GET, group, null, 200).getBody()).path("name").asText()).isEqualTo(name);

        String tariff = "/tariffs/" + f.tariffId;
        ObjectNode stored = (ObjectNode) json(f.asAdmin(HttpMethod.GET, tariff, null, 200).getBody());
        String period = stored.path("prices").fieldNames().next();
        String body = stored.toString().replace("\"" + period + "\":\"" + stored.path("prices").path(period).asText()
                + "\"", "\"" + period + "\":10.000000000000000001");
        ResponseEntity<String> put = f.call(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD,
                HttpMethod.PUT, tariff, body);
        assertThat(put.getStatusCode().value()).as("a price with 18 decimals: %s", put.getBody()).isEqualTo(400);
        assertThat(json(put.getBody()).path("errors").get(0).path("field").asText()).isEqualTo("prices." + period);

        String dataCenter = "/datacenters/" + f.dataCenterId;
        ObjectNode centre = (ObjectNode) json(f.asAdmin(HttpMethod.GET, dataCenter, null, 200).getBody());
        centre.put("sortOrder", new java.math.BigDecimal("1.0"));
        ResponseEntity<String> fraction = f.call(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD,
                HttpMethod.PUT, dataCenter, centre.toString());
        assertThat(fraction.getStatusCode().value()).as("sortOrder 1.0: %s", fraction.getBody()).isEqualTo(400);
    }

    /**
     * A PUT refuses every spelling a POST refuses (found by a probe: the advice wrote the body again from a tree, so
     * {@code "trialDays": 7e0} reached the form as 7 and was stored, while a POST and {@code 7.0} were refused; and
     * {@code -0} was stored as 0 by both): the body passes on with its numbers as sent, each refused naming the field
     * (a spelling that is not plain quoted as sent), nothing stored.
     */
    @Test
    void aPutRefusesTheNumberSpellingsAPostRefuses() throws Exception {
        String tariff = "/tariffs/" + f.tariffId;
        String stored = f.asAdmin(HttpMethod.GET, tariff, null, 200).getBody();
        assertThat(stored).contains("\"trialDays\":0", "\"MONTH\":\"10.00\"");
        String post = JSON.writeValueAsString(f.tariffForm());
        Map<String, String> cases = new LinkedHashMap<>();
        for (String days : new String[] {"7e0", "7E0", "7.0", "-0", "1e400", "-1e400", "7e+0"}) {
            cases.put("\"trialDays\":" + days, "trialDays");
        }
        for (String price : new String[] {"10.000000000000000001", "1e1", "10.00e0", "-0", "1e400"}) {
            cases.put("\"MONTH\":" + price, "prices.MONTH");
        }
        for (var spelling : cases.entrySet()) {
            String value = spelling.getKey().substring(spelling.getKey().indexOf(':') + 1);
            String sent = spelling.getValue().equals("trialDays") ? "\"trialDays\":0" : "\"MONTH\":\"10.00\"";
            ResponseEntity<String> put = f.call(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD,
                    HttpMethod.PUT, tariff, stored.replace(sent, spelling.getKey()));
            ResponseEntity<String> created = f.call(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD,
                    HttpMethod.POST, "/tariffs", post.replace(sent, spelling.getKey())
                            .replace("Tariff " + f.suffix, "Spelling " + f.suffix + " " + value));
            for (ResponseEntity<String> answer : List.of(put, created)) {
                assertThat(answer.getStatusCode().value()).as("%s: %s", spelling.getKey(), answer.getBody())
                        .isEqualTo(400);
                JsonNode error = json(answer.getBody()).path("errors").get(0);
                assertThat(error.path("field").asText()).as(answer.getBody()).isEqualTo(spelling.getValue());
                if (!StrictNumbers.isPlainDecimal(value)) {
                    assertThat(error.path("message").asText()).as(answer.getBody()).contains("'" + value + "'");
                }
            }
        }
        assertThat(json(f.asAdmin(HttpMethod.GET, tariff, null, 200).getBody())).isEqualTo(json(stored));
    }

    @Test
    void aClientFilteringServicesByAnotherClientGets404() {
        ResponseEntity<String> list = f.asClientB(HttpMethod.GET, "/services?clientId=" + f.clientA, null);

        assertThat(list.getStatusCode().value()).isEqualTo(404);
        assertThat(f.asClientB(HttpMethod.GET, "/services?clientId=" + f.clientB, null).getStatusCode().value())
                .isEqualTo(200);
    }

    /** Invalid input is named before any state conflict: the service is still being opened (not ACTIVE). */
    @Test
    void anOffGridParameterChangeIsNamedBeforeTheServiceStateConflicts() {
        f.orderServiceForA();
        ResponseEntity<String> change = f.asClientA(HttpMethod.POST, "/services/" + f.serviceA + "/parameters",
                Map.of("addons", Map.of("ram", 1500)));

        assertThat(change.getStatusCode().value()).as(change.getBody()).isEqualTo(400);
        assertThat(json(change.getBody()).path("errors").get(0).path("field").asText()).isEqualTo("addons.ram");
        ResponseEntity<String> onGrid = f.asClientA(HttpMethod.POST, "/services/" + f.serviceA + "/parameters",
                Map.of("addons", Map.of("ram", 2048)));
        assertThat(onGrid.getStatusCode().value()).as("a valid change of a service not yet active").isEqualTo(409);
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
