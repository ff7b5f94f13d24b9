package com.hostflow.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.billing.PaymentService;
import com.hostflow.catalog.DataCenterForm;
import com.hostflow.catalog.DataCenterService;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProcessingModuleForm;
import com.hostflow.catalog.ProcessingModuleService;
import com.hostflow.catalog.ProviderForm;
import com.hostflow.catalog.ProviderService;
import com.hostflow.catalog.TariffForm;
import com.hostflow.catalog.TariffService;
import com.hostflow.clients.ClientService;
import com.hostflow.clients.ClientService.ClientData;
import com.hostflow.support.IntegrationTest;

/** {@code GET /tariffs/{id}/price} and {@code GET /services/{id}/parameters/quote}: priced by billing, nothing written. */
@IntegrationTest
class QuoteApiTest {

    static final String PASSWORD = "quote-password-1";

    @Autowired
    TestRestTemplate http;
    @LocalServerPort
    int port;
    @Autowired
    ProviderService providers;
    @Autowired
    ProcessingModuleService modules;
    @Autowired
    TariffService tariffs;
    @Autowired
    ClientService clients;
    @Autowired
    PaymentService payments;
    @Autowired
    DataCenterService dataCenters;

    final ObjectMapper json = new ObjectMapper();
    final String unique = UUID.randomUUID().toString().substring(0, 8);
    long providerId;
    long tariffId;
    long inactiveTariffId;
    long clientId;
    String clientEmail;
    String otherEmail;

    @BeforeEach
    void catalog() {
        providerId = providers.create(new ProviderForm("Quotes " + unique, "EUR")).id();
        long moduleId = modules.create(new ProcessingModuleForm("vds", "vmmanager6", "VM quotes " + unique, dataCenter(),
                null, 1, new ProcessingModuleForm.Integration("http://localhost:" + port + "/simulator/vmmanager6",
                        "admin@example.com", "secret"), new ProcessingModuleForm.Settings("1", false, false),
                new ProcessingModuleForm.Queue(false, null, null))).id();
        tariffId = tariffs.create(tariff("Q " + unique, true, moduleId)).id();
        inactiveTariffId = tariffs.create(tariff("Q off " + unique, false, moduleId)).id();
        clientEmail = "quote-" + unique + "@example.com";
        clientId = clients.create(new ClientData(clientEmail, "Quote " + unique, null, providerId, PASSWORD)).getId();
        otherEmail = "other-" + unique + "@example.com";
        clients.create(new ClientData(otherEmail, "Other " + unique, null, providerId, PASSWORD));
    }

    @Test
    void aTariffIsPricedForAPeriodAndAddOnValues() throws Exception {
        JsonNode quote = ok(asClient("/api/v1/tariffs/" + tariffId + "/price?period=QUARTER&addons[ram]=4096"));
        // 27.00 + 3 steps above 1024 × (2.00 × 3 months)
        assertThat(new BigDecimal(quote.get("amount").asText())).isEqualTo(new BigDecimal("45.00"));
        assertThat(quote.get("currency").asText()).isEqualTo("EUR");
        assertThat(quote.get("addons").get("ram").asLong()).isEqualTo(4096);
        assertThat(quote.get("addons").get("cpu").asLong()).isEqualTo(1);

        JsonNode included = ok(asClient("/api/v1/tariffs/" + tariffId + "/price?period=MONTH"));
        assertThat(included.get("amount").asText()).isEqualTo("9.00");
    }

    @Test
    void badInputIsA400NamingTheField() throws Exception {
        assertProblem(asClient("/api/v1/tariffs/" + tariffId + "/price?period=MONTH&addons[ram]=1500"), 400,
                "addons.ram");
        assertProblem(asClient("/api/v1/tariffs/" + tariffId + "/price?period=MONTH&addons[ram]=lots"), 400,
                "addons.ram");
        assertProblem(asClient("/api/v1/tariffs/" + tariffId + "/price?period=MONTH&addons[gpu]=1"), 400,
                "addons.gpu");
        // written another way, an add-on used to be left out and the defaults priced
        for (String malformed : List.of("addons=4096", "addons.ram=4096", "addons[]=4096")) {
            assertProblem(asClient("/api/v1/tariffs/" + tariffId + "/price?period=MONTH&" + malformed), 400,
                    "addons");
        }
        // given twice, the first was priced and the second ignored (as `period` given twice is, it is a 400)
        ResponseEntity<String> twice = asClient("/api/v1/tariffs/" + tariffId
                + "/price?period=MONTH&addons[ram]=3072&addons[ram]=5120");
        assertProblem(twice, 400, "addons.ram");
        assertThat(twice.getBody()).contains("more than once");
        // a whole number too long for any add-on is said to be out of range, not to be no whole number
        ResponseEntity<String> huge = asClient("/api/v1/tariffs/" + tariffId
                + "/price?period=MONTH&addons[ram]=99999999999999999999");
        assertProblem(huge, 400, "addons.ram");
        assertThat(huge.getBody()).contains("addons.ram: is out of range").doesNotContain("whole number");
        assertProblem(asClient("/api/v1/tariffs/" + tariffId + "/price?period=DAY"), 400, "period");
        assertProblem(asClient("/api/v1/tariffs/" + tariffId + "/price?period=WEEK"), 400, "period");
        assertProblem(asClient("/api/v1/tariffs/" + tariffId + "/price"), 400, "period");
        assertThat(asClient("/api/v1/tariffs/" + inactiveTariffId + "/price?period=MONTH").getStatusCode().value())
                .isEqualTo(404);
        assertThat(http.withBasicAuth("demo", "demo").getForEntity("/api/v1/tariffs/" + inactiveTariffId
                + "/price?period=MONTH", String.class).getStatusCode().value()).isEqualTo(200);
        assertThat(asClient("/api/v1/tariffs/999999/price?period=MONTH").getStatusCode().value()).isEqualTo(404);
        assertThat(http.getForEntity("/api/v1/tariffs/" + tariffId + "/price?period=MONTH", String.class)
                .getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void aParameterChangeIsQuotedProratedWithoutWriting() throws Exception {
        payments.receiveForClient(clientId, null, new BigDecimal("50.00"), "quote-" + unique);
        JsonNode order = json.readTree(http.withBasicAuth(clientEmail, PASSWORD).postForEntity("/api/v1/orders",
                Map.of("clientId", clientId, "tariffId", tariffId, "period", "MONTH", "addons", Map.of("ram", 2048),
                        "params", Map.of("os", "debian-12")), String.class).getBody());
        long serviceId = order.get("serviceId").asLong();
        String quotePath = "/api/v1/services/" + serviceId + "/parameters/quote";

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(ok(asClient("/api/v1/services/" + serviceId)).get("status").asText()).isEqualTo("ACTIVE"));
        String balanceBefore = ok(asClient("/api/v1/clients/" + clientId + "/account")).get("balance").asText();

        JsonNode quote = ok(asClient(quotePath + "?addons[ram]=4096"));
        // the whole month is left on the day of the order: (15.00 − 11.00) × 1
        assertThat(new BigDecimal(quote.get("amount").asText())).isEqualTo(new BigDecimal("4.00"));
        assertThat(quote.get("newAddons").get("ram").asLong()).isEqualTo(4096);
        assertThat(quote.get("currentAddons").get("ram").asLong()).isEqualTo(2048);
        JsonNode down = ok(asClient(quotePath + "?addons[ram]=1024"));
        assertThat(new BigDecimal(down.get("amount").asText())).isEqualTo(new BigDecimal("-2.00"));

        assertProblem(asClient(quotePath + "?addons[ram]=3000"), 400, "addons.ram");
        assertProblem(asClient(quotePath + "?addons[ram]=4096&addons[ram]=1024"), 400, "addons.ram");
        assertProblem(asClient(quotePath + "?addons[ram]=2048"), 400, "addons");
        assertThat(http.withBasicAuth(otherEmail, PASSWORD).getForEntity(quotePath + "?addons[ram]=4096",
                String.class).getStatusCode().value()).isEqualTo(404);
        assertThat(ok(asClient("/api/v1/clients/" + clientId + "/account")).get("balance").asText())
                .isEqualTo(balanceBefore);
        JsonNode addons = ok(asClient("/api/v1/services/" + serviceId)).get("addons");
        assertThat(addons.get("ram").asLong()).isEqualTo(2048);
        // in the tariff's order, the same in every answer (Map.copyOf's order changed from one run to the next)
        assertThat(addons.fieldNames()).toIterable().containsExactly("ram", "cpu", "disk", "ipv4");
    }

    private long dataCenter() {
        return dataCenters.create(new DataCenterForm("DC quotes " + unique, null, 1, null)).id();
    }

    private TariffForm tariff(String name, boolean active, long moduleId) {
        return new TariffForm("vds", providerId, null, name, active, List.of(moduleId), null, false, null,
                Map.of(Period.MONTH, new BigDecimal("9.00"), Period.QUARTER, new BigDecimal("27.00")), 0,
                List.of(new TariffForm.Addon("ram", 1024L, 1024L, 8192L, 1024L,
                        Map.of(Period.MONTH, new BigDecimal("2.00"))),
                        new TariffForm.Addon("cpu", 1L, 1L, 4L, 1L, Map.of(Period.MONTH, new BigDecimal("3.00"))),
                        new TariffForm.Addon("disk", 20480L, null, null, null, null),
                        new TariffForm.Addon("ipv4", 1L, null, null, null, null)));
    }

    private ResponseEntity<String> asClient(String path) {
        return http.withBasicAuth(clientEmail, PASSWORD).getForEntity(path, String.class);
    }

    private JsonNode ok(ResponseEntity<String> response) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    private void assertProblem(ResponseEntity<String> response, int status, String field) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().toString()).contains("application/problem+json");
        JsonNode errors = json.readTree(response.getBody()).get("errors");
        assertThat(errors).as(response.getBody()).isNotNull();
        assertThat(errors.findValuesAsText("field")).as(response.getBody()).contains(field);
    }
}
