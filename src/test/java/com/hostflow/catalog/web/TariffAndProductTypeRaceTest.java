package com.hostflow.catalog.web;

import static com.hostflow.catalog.web.CatalogApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.WhileHolding;

/**
 * A {@code PUT} of a tariff and a {@code PUT} of its product type at the same time take turns: the later one sees
 * what the earlier one wrote. Both succeed when they fit together; when they do not, the later one is refused naming
 * what no longer fits (the tariff 400 naming the field, the product type 409 naming the period or resource), never a
 * 500, never an optimistic-lock 409, never a tariff that breaks its product type's rules. The tariff's update used to
 * read its product type (its code, through the tariff) before share-locking it: a change of the product type that
 * committed in between made the lock find a newer row than the one read, 409 "changed by someone else".
 */
@IntegrationTest
class TariffAndProductTypeRaceTest {

    private static final int ROUNDS = 15;

    @Autowired
    TestRestTemplate rest;

    @Autowired
    IdentityService identityService;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    CatalogApi api;
    String code;
    long tariff;
    long provider;
    long group;

    @BeforeEach
    void setUp() {
        api = new CatalogApi(rest, identityService);
        provider = api.provider();
        group = api.tariffGroup();
        code = "race-" + unique("pt").substring(3);
        api.create("/product-types", productType("Race", List.of("MONTH", "YEAR"), List.of("ram", "disk")));
        tariff = api.create("/tariffs", tariffForm("10.00", null, "disk")).get("id").asLong();
    }

    /** The product type's change committed while the tariff's update waited for its lock: the tariff sees it. */
    @Test
    void aTariffUpdateThatWaitedForItsProductTypesChangeSeesIt() throws Exception {
        ResponseEntity<String> updated = new WhileHolding(transactions, jdbc).run(() -> {
            jdbc.queryForObject("select id from hostflow.product_type where code = ? for update", Long.class, code);
            jdbc.update("update hostflow.product_type set name = 'Renamed', version = version + 1 where code = ?",
                    code);
        }, () -> api.admin(HttpMethod.PUT, "/tariffs/" + tariff, tariffForm("11.00", null, "disk")));

        assertThat(updated.getStatusCode()).as(updated.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(api.json(updated).get("prices").get("MONTH").asText()).isEqualTo("11.00");
    }

    @Test
    void compatibleChangesOfATariffAndItsProductTypeAtOnceBothSucceed() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String price = (20 + round) + ".00";
            String name = "Race " + round;
            List<ResponseEntity<String>> answers = AtOnce.all(List.<Callable<ResponseEntity<String>>>of(
                    () -> api.admin(HttpMethod.PUT, "/product-types/" + code,
                            productType(name, List.of("MONTH", "YEAR"), List.of("ram", "disk"))),
                    () -> api.admin(HttpMethod.PUT, "/tariffs/" + tariff, tariffForm(price, null, "disk"))));

            assertThat(answers).as("round " + round).allSatisfy(answer -> assertThat(answer.getStatusCode())
                    .as(answer.getBody()).isEqualTo(HttpStatus.OK));
            assertThat(api.json(api.admin(HttpMethod.GET, "/product-types/" + code, null)).get("name").asText())
                    .isEqualTo(name);
            assertThat(api.json(api.admin(HttpMethod.GET, "/tariffs/" + tariff, null)).get("prices").get("MONTH")
                    .asText()).isEqualTo(price);
        }
    }

    /**
     * The product type drops the period YEAR and the resource ram while the tariff takes a YEAR price and a ram
     * add-on: whichever comes first wins, the other is refused naming why; what is stored always fits.
     */
    @Test
    void aTariffAndAProductTypeChangeThatDoNotFitTakeTurnsAndTheLaterIsRefused() throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<ResponseEntity<String>> answers = AtOnce.all(List.<Callable<ResponseEntity<String>>>of(
                    () -> api.admin(HttpMethod.PUT, "/product-types/" + code,
                            productType("Race", List.of("MONTH"), List.of("disk"))),
                    () -> api.admin(HttpMethod.PUT, "/tariffs/" + tariff, tariffForm("10.00", "100.00", "ram"))));
            ResponseEntity<String> productType = answers.get(0);
            ResponseEntity<String> tariffAnswer = answers.get(1);

            if (productType.getStatusCode() == HttpStatus.OK) {
                outcomes.add("product type first");
                assertThat(api.errorFields(tariffAnswer)).as("round " + round)
                        .containsExactlyInAnyOrder("prices.YEAR", "addons[0].resource");
            } else {
                outcomes.add("tariff first");
                assertThat(tariffAnswer.getStatusCode()).as(tariffAnswer.getBody()).isEqualTo(HttpStatus.OK);
                assertThat(productType.getStatusCode()).as(productType.getBody()).isEqualTo(HttpStatus.CONFLICT);
                assertThat(api.json(productType).get("detail").asText()).as("round " + round)
                        .containsAnyOf("resource 'ram' (resources)", "period YEAR (orderPeriods)")
                        .contains("tariffs [" + tariff + "]");
            }
            JsonNode storedType = api.json(api.admin(HttpMethod.GET, "/product-types/" + code, null));
            JsonNode storedTariff = api.json(api.admin(HttpMethod.GET, "/tariffs/" + tariff, null));
            boolean yearOffered = storedType.get("orderPeriods").toString().contains("YEAR");
            boolean ramOffered = storedType.get("resources").findValuesAsText("code").contains("ram");
            assertThat(yearOffered || !storedTariff.get("prices").has("YEAR")).as("round " + round).isTrue();
            assertThat(ramOffered || !storedTariff.get("addons").findValuesAsText("resource").contains("ram"))
                    .as("round " + round).isTrue();

            // back to the start: the tariff as it was, then the product type with YEAR and ram
            assertThat(api.admin(HttpMethod.PUT, "/tariffs/" + tariff, tariffForm("10.00", null, "disk"))
                    .getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(api.admin(HttpMethod.PUT, "/product-types/" + code,
                    productType("Race", List.of("MONTH", "YEAR"), List.of("ram", "disk"))).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
        }
        assertThat(outcomes).hasSize(ROUNDS);
    }

    /** A product type change that would leave a tariff a price or an add-on it no longer offers names the tariffs. */
    @Test
    void aProductTypeChangeATariffStopsNamesTheFieldAndTheTariff() {
        assertThat(api.admin(HttpMethod.PUT, "/tariffs/" + tariff, tariffForm("10.00", "100.00", "ram"))
                .getStatusCode()).isEqualTo(HttpStatus.OK);

        ResponseEntity<String> resource = api.admin(HttpMethod.PUT, "/product-types/" + code,
                productType("Race", List.of("MONTH", "YEAR"), List.of("disk")));
        ResponseEntity<String> period = api.admin(HttpMethod.PUT, "/product-types/" + code,
                productType("Race", List.of("MONTH"), List.of("ram", "disk")));

        assertThat(resource.getStatusCode()).as(resource.getBody()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(api.json(resource).get("detail").asText())
                .isEqualTo("resource 'ram' (resources) is still an add-on of tariffs [" + tariff + "]: take it out"
                        + " of them first");
        assertThat(period.getStatusCode()).as(period.getBody()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(api.json(period).get("detail").asText())
                .isEqualTo("period YEAR (orderPeriods) still has prices in tariffs [" + tariff + "]: take them out"
                        + " first");
    }

    private Map<String, Object> productType(String name, List<String> periods, List<String> resources) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("code", code);
        form.put("name", name);
        form.put("trialPolicy", "NONE");
        form.put("autoDeletionDays", 7);
        form.put("clientDeletion", "ALLOWED");
        form.put("onClientDelete", "IMMEDIATELY");
        form.put("orderPeriods", periods);
        form.put("resources", resources.stream().map(r -> Map.of("code", r, "name", r, "unit", "units")).toList());
        return form;
    }

    private Map<String, Object> tariffForm(String monthly, String yearly, String addonResource) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("productType", code);
        form.put("providerId", provider);
        form.put("groupId", group);
        form.put("name", "Race tariff");
        form.put("active", true);
        form.put("processingModuleIds", List.of());
        Map<String, String> prices = new LinkedHashMap<>();
        prices.put("MONTH", monthly);
        if (yearly != null) {
            prices.put("YEAR", yearly);
        }
        form.put("prices", prices);
        form.put("addons", List.of(Map.of("resource", addonResource, "included", 1, "min", 1, "max", 4, "step", 1,
                "prices", Map.of("MONTH", "1.00"))));
        return form;
    }
}
