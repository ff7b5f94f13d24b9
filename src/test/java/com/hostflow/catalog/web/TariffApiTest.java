package com.hostflow.catalog.web;

import static com.hostflow.catalog.web.CatalogApi.with;
import static com.hostflow.catalog.web.CatalogApi.without;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

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
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.WhileHolding;

@IntegrationTest
class TariffApiTest {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    IdentityService identityService;

    @Autowired
    CatalogLookup catalog;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    CatalogApi api;
    long provider;
    long group;
    long module;

    @BeforeEach
    void setUp() {
        api = new CatalogApi(rest, identityService);
        provider = api.provider();
        group = api.tariffGroup();
        module = api.manualModule();
    }

    @Test
    void createWithEveryFieldAndAllAddons() {
        Map<String, Object> form = with(api.tariffForm(provider, group, module), "createAllAddons", true);
        JsonNode created = api.create("/tariffs", form);
        long id = created.get("id").asLong();

        assertThat(created.get("productType").asText()).isEqualTo("vds");
        assertThat(created.get("providerId").asLong()).isEqualTo(provider);
        assertThat(created.get("groupId").asLong()).isEqualTo(group);
        assertThat(created.get("name").asText()).isEqualTo(form.get("name"));
        assertThat(created.get("active").asBoolean()).isTrue();
        assertThat(created.get("processingModuleIds").toString()).isEqualTo("[" + module + "]");
        assertThat(created.get("template").asText()).isEqualTo("vps-2");
        assertThat(created.get("createAllAddons").asBoolean()).isTrue();
        assertThat(created.get("defaultDomainTemplate").asText()).isEqualTo("vps{serviceId}.example.net");
        assertThat(created.get("prices").toString())
                .isEqualTo("{\"DAY\":\"0.40\",\"MONTH\":\"10.00\",\"YEAR\":\"100.00\"}");
        assertThat(created.get("trialDays").asInt()).isEqualTo(7);
        assertThat(created.get("addons").findValuesAsText("resource")).containsExactly("ram", "cpu", "disk", "ipv4");
        assertThat(created.get("addons").get(0).toString()).isEqualTo("{\"resource\":\"ram\",\"included\":2048,"
                + "\"min\":1024,\"max\":16384,\"step\":1024,\"prices\":{\"MONTH\":\"2.00\"}}");
        assertThat(created.get("addons").get(1).toString()).isEqualTo("{\"resource\":\"cpu\",\"included\":0,"
                + "\"min\":0,\"max\":0,\"step\":1,\"prices\":{}}");

        TariffTerms terms = catalog.tariff(id).orElseThrow();
        assertThat(terms.prices()).containsEntry(Period.MONTH, new BigDecimal("10.00"));
        assertThat(terms.addon("ram").orElseThrow().prices()).containsEntry(Period.MONTH, new BigDecimal("2.00"));
        assertThat(terms.processingModuleIds()).containsExactly(module);
        assertThat(catalog.providerCurrency(provider)).contains("EUR");

        assertThat(api.json(api.staff(HttpMethod.GET, "/tariffs/" + id, null)).get("name").asText())
                .isEqualTo(form.get("name"));
    }

    @Test
    void updateReplacesPricesModulesAndAddons() {
        long id = api.tariff(api.tariffForm(provider, group, module));
        long otherModule = api.manualModule();
        Map<String, Object> changed = with(with(with(with(api.tariffForm(provider, group, module), "active", false),
                "processingModuleIds", List.of(module, otherModule)), "prices", Map.of("MONTH", "12.5")),
                "addons", List.of(Map.of("resource", "ram", "included", 4096, "min", 1024, "max", 8192, "step", 1024,
                        "prices", Map.of("MONTH", "1.50")), Map.of("resource", "disk", "included", 10240)));

        JsonNode updated = api.json(api.admin(HttpMethod.PUT, "/tariffs/" + id, changed));

        assertThat(updated.get("active").asBoolean()).isFalse();
        assertThat(updated.get("processingModuleIds").toString())
                .isEqualTo("[" + module + "," + otherModule + "]");
        assertThat(updated.get("prices").toString()).isEqualTo("{\"MONTH\":\"12.50\"}");
        assertThat(updated.get("addons").findValuesAsText("resource")).containsExactly("ram", "disk");
        assertThat(updated.get("addons").get(0).get("included").asLong()).isEqualTo(4096);
        assertThat(updated.get("addons").get(1).toString()).isEqualTo("{\"resource\":\"disk\",\"included\":10240,"
                + "\"min\":10240,\"max\":10240,\"step\":1,\"prices\":{}}");
        assertThat(api.json(api.admin(HttpMethod.GET, "/tariffs/" + id, null))).isEqualTo(updated);

        assertThat(api.admin(HttpMethod.DELETE, "/tariffs/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        JsonNode audit = api.json(api.admin(HttpMethod.GET, "/audit?entity=tariff&user=demo&size=500", null));
        List<String> actions = new java.util.ArrayList<>();
        audit.get("content").forEach(e -> {
            if (e.get("entityId").asText().equals(String.valueOf(id))) {
                actions.add(e.get("action").asText());
            }
        });
        assertThat(actions).containsExactly("DELETE", "UPDATE", "CREATE");
        assertThat(api.admin(HttpMethod.GET, "/tariffs/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void theProviderCannotChange() {
        long id = api.tariff(api.tariffForm(provider, group, module));

        var response = api.admin(HttpMethod.PUT, "/tariffs/" + id, api.tariffForm(api.provider(), group, module));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(api.json(response).get("detail").asText()).contains("provider");
        assertThat(api.json(api.admin(HttpMethod.GET, "/tariffs/" + id, null)).get("providerId").asLong())
                .isEqualTo(provider);
    }

    @Test
    void rejectsBadInputNamingTheField() {
        Map<String, Object> form = api.tariffForm(provider, group, module);

        assertThat(errors(without(form, "name"))).containsExactly("name");
        assertThat(errors(without(form, "providerId"))).containsExactly("providerId");
        assertThat(errors(without(form, "productType"))).containsExactly("productType");
        assertThat(errors(with(form, "productType", "nope"))).containsExactly("productType");
        assertThat(errors(with(form, "providerId", 999999))).containsExactly("providerId");
        assertThat(errors(with(form, "groupId", 999999))).containsExactly("groupId");
        assertThat(errors(with(form, "processingModuleIds", List.of(module, 999999))))
                .containsExactly("processingModuleIds");
        assertThat(errors(with(form, "prices", Map.of("MONTH", "-1.00")))).containsExactly("prices.MONTH");
        assertThat(errors(with(form, "prices", Map.of("MONTH", "1.001")))).containsExactly("prices.MONTH");
        assertThat(errors(with(form, "prices", Map.of("WEEK", "1.00")))).containsExactly("prices");
        assertThat(errors(with(form, "trialDays", -1))).containsExactly("trialDays");
        // a trial order on 2,147,483,647 days created its VM, then stayed PROCESSING: its end was no timestamp
        assertThat(errors(with(form, "trialDays", Integer.MAX_VALUE))).containsExactly("trialDays");
        assertThat(errors(with(form, "trialDays", 366))).containsExactly("trialDays");
        // a client's own domain must be a host name; the tariff's template put "Bad Domain 7 !!" on a service
        assertThat(errors(with(form, "defaultDomainTemplate", "Bad Domain {serviceId} !!")))
                .containsExactly("defaultDomainTemplate");
        assertThat(errors(with(form, "defaultDomainTemplate", "vps{id}.example.net")))
                .containsExactly("defaultDomainTemplate");
        assertThat(errors(with(form, "addons", List.of(Map.of("resource", "gpu", "included", 1)))))
                .containsExactly("addons[0].resource");
        assertThat(errors(with(form, "addons", List.of(Map.of("resource", "ram", "included", 1024),
                Map.of("resource", "ram", "included", 2048))))).containsExactly("addons[1].resource");
        assertThat(errors(with(form, "addons", List.of(Map.of("resource", "ram", "included", 1024, "min", 2048,
                "max", 4096))))).containsExactly("addons[0].min");
        assertThat(errors(with(form, "addons", List.of(Map.of("resource", "ram", "included", 8192, "max", 4096)))))
                .containsExactly("addons[0].max");
        assertThat(errors(with(form, "addons", List.of(Map.of("resource", "ram", "included", 1024, "step", 0)))))
                .containsExactly("addons[0].step");
        assertThat(errors(with(form, "addons", List.of(Map.of("resource", "ram", "included", -1)))))
                .containsExactly("addons[0].included");
        assertThat(errors(with(form, "addons", List.of(Map.of("resource", "ram", "included", 1024,
                "prices", Map.of("MONTH", "-2.00")))))).containsExactly("addons[0].prices.MONTH");
    }

    /**
     * Money is numeric(19,2): a tariff whose order, with its add-ons at their max, costs more was accepted, and every
     * order on it was then refused with 400 naming {@code body}. Refused here, naming the price that overflows.
     */
    @Test
    void aTariffWhoseOrderCannotBeStoredIsRefusedNamingThePrice() {
        Map<String, Object> form = api.tariffForm(provider, group, module);
        String most = "99999999999999999.99";
        // the most an amount can be, as the tariff's price: its add-on at its max adds 14 × 2.00 a month
        assertThat(errors(with(form, "prices", Map.of("MONTH", most)))).containsExactly("addons[0].prices.MONTH");
        // a YEAR charges the add-on's MONTH price 12 times
        assertThat(errors(with(form, "prices", Map.of("MONTH", "1.00", "YEAR", "99999999999999999.00"))))
                .containsExactly("addons[0].prices.MONTH");
        Map<String, Object> hugeAddon = new LinkedHashMap<>(Map.of("resource", "ram", "included", 0, "max",
                Long.MAX_VALUE, "prices", Map.of("MONTH", "1.00")));
        // a MONTH and a YEAR order (its 12 months) overflow: one problem for each
        assertThat(errors(with(form, "addons", List.of(hugeAddon)))).containsOnly("addons[0].prices.MONTH");
        hugeAddon.put("step", Long.MAX_VALUE / 1000);
        hugeAddon.put("prices", Map.of("DAY", "0.01", "MONTH", "1.00", "YEAR", most));
        assertThat(errors(with(form, "addons", List.of(hugeAddon)))).containsExactly("addons[0].prices.YEAR");
        // what fits is taken
        long id = api.tariff(with(form, "prices", Map.of("MONTH", "99999999999999971.99")));
        assertThat(api.json(api.admin(HttpMethod.GET, "/tariffs/" + id, null)).get("prices").get("MONTH").asText())
                .isEqualTo("99999999999999971.99");
        assertThat(errors(with(form, "prices", Map.of("MONTH", "99999999999999971.99", "YEAR", most))))
                .containsExactly("addons[0].prices.MONTH");
    }

    @Test
    void aNullAddonIsA400NamingItNotAResetOfTheAddons() {
        Map<String, Object> form = with(api.tariffForm(provider, group, module), "createAllAddons", true);
        assertThat(errors(with(form, "addons", Collections.singletonList(null)))).containsExactly("addons[0]");

        long id = api.tariff(form);
        JsonNode before = api.json(api.admin(HttpMethod.GET, "/tariffs/" + id, null));
        assertThat(api.errorFields(api.admin(HttpMethod.PUT, "/tariffs/" + id,
                with(form, "addons", Collections.singletonList(null))))).containsExactly("addons[0]");
        assertThat(api.errorFields(api.admin(HttpMethod.PUT, "/tariffs/" + id,
                with(form, "addons", Arrays.asList(((List<?>) form.get("addons")).get(0), null)))))
                .containsExactly("addons[1]");
        assertThat(api.json(api.admin(HttpMethod.GET, "/tariffs/" + id, null))).isEqualTo(before);
        assertThat(before.get("addons").get(0).get("included").asLong()).isEqualTo(2048);
    }

    /**
     * Item 3 of helper-98's brief: a null module id is a 400 naming its index, as a null add-on is, on create and on
     * update. It was a problem on processingModuleIds saying "unknown processing module null".
     */
    @Test
    void aNullProcessingModuleIdIsA400NamingItsIndex() {
        Map<String, Object> form = api.tariffForm(provider, group, module);
        assertThat(errors(with(form, "processingModuleIds", Collections.singletonList(null))))
                .containsExactly("processingModuleIds[0]");

        long id = api.tariff(form);
        JsonNode before = api.json(api.admin(HttpMethod.GET, "/tariffs/" + id, null));
        assertThat(api.errorFields(api.admin(HttpMethod.PUT, "/tariffs/" + id,
                with(form, "processingModuleIds", Arrays.asList(module, null)))))
                .containsExactly("processingModuleIds[1]");
        assertThat(api.json(api.admin(HttpMethod.GET, "/tariffs/" + id, null))).isEqualTo(before);
    }

    @Test
    void onlyPeriodsOfTheProductTypeCarryPricesAndModulesMustServeIt() {
        String code = "monthly-" + UUID.randomUUID().toString().substring(0, 8);
        api.create("/product-types", Map.of("code", code, "name", "Monthly only", "trialPolicy", "NONE",
                "autoDeletionDays", 7, "clientDeletion", "ALLOWED", "onClientDelete", "IMMEDIATELY",
                "orderPeriods", List.of("MONTH"),
                "resources", List.of(Map.of("code", "ram", "name", "RAM", "unit", "MiB"))));
        Map<String, Object> form = with(with(with(api.tariffForm(provider, group, module), "productType", code),
                "processingModuleIds", List.of()), "trialDays", 0);

        assertThat(errors(form)).containsExactly("prices.DAY", "prices.YEAR");
        Map<String, Object> monthly = with(form, "prices", Map.of("MONTH", "3.00"));
        assertThat(errors(with(monthly, "addons", List.of(Map.of("resource", "ram", "included", 1024,
                "prices", Map.of("YEAR", "1.00")))))).containsExactly("addons[0].prices.YEAR");
        assertThat(errors(with(monthly, "processingModuleIds", List.of(module))))
                .containsExactly("processingModuleIds");
        assertThat(errors(with(monthly, "trialDays", 3))).containsExactly("trialDays");
        assertThat(api.admin(HttpMethod.POST, "/tariffs", monthly).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void clientsSeeOnlyActiveTariffsAndNobodyButAdminsWrites() {
        long active = api.tariff(api.tariffForm(provider, group, module));
        long inactive = api.tariff(with(api.tariffForm(provider, group, module), "active", false));
        String client = api.clientOf(provider);

        assertThat(api.json(api.as(client, HttpMethod.GET, "/tariffs?providerId=" + provider, null))
                .findValuesAsText("id")).containsExactly(String.valueOf(active));
        assertThat(api.json(api.as(client, HttpMethod.GET, "/tariffs?active=false", null)).findValuesAsText("id"))
                .doesNotContain(String.valueOf(inactive));
        assertThat(api.as(client, HttpMethod.GET, "/tariffs/" + active, null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(api.as(client, HttpMethod.GET, "/tariffs/" + inactive, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.json(api.staff(HttpMethod.GET, "/tariffs?providerId=" + provider, null))
                .findValuesAsText("id")).containsExactly(String.valueOf(active), String.valueOf(inactive));
        assertThat(api.json(api.admin(HttpMethod.GET, "/tariffs?providerId=" + provider + "&active=false", null))
                .findValuesAsText("id")).containsExactly(String.valueOf(inactive));

        assertThat(api.client(HttpMethod.POST, "/tariffs", api.tariffForm(provider, group, module)).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.staff(HttpMethod.PUT, "/tariffs/" + active, api.tariffForm(provider, group, module))
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.staff(HttpMethod.DELETE, "/tariffs/" + active, null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void unknownIdIs404() {
        assertThat(api.admin(HttpMethod.GET, "/tariffs/999999", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.admin(HttpMethod.PUT, "/tariffs/999999", api.tariffForm(provider, group, module))
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.admin(HttpMethod.DELETE, "/tariffs/999999", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void tenConcurrentUpdatesApplyOneAfterTheOtherEachWhole() throws Exception {
        long id = api.tariff(api.tariffForm(provider, group, module));
        long otherModule = api.manualModule();
        String name = api.tariffForm(provider, group, module).get("name").toString();
        for (int round = 0; round < 3; round++) {
            AtomicInteger next = new AtomicInteger();
            List<HttpStatus> answers = AtOnce.run(10, () -> {
                int body = next.getAndIncrement();
                return (HttpStatus) api.admin(HttpMethod.PUT, "/tariffs/" + id,
                        numbered(name, otherModule, body)).getStatusCode();
            });

            assertThat(answers).as("round " + round).containsOnly(HttpStatus.OK);
            ResponseEntity<String> stored = api.admin(HttpMethod.GET, "/tariffs/" + id, null);
            assertThat(stored.getStatusCode()).as(stored.getBody()).isEqualTo(HttpStatus.OK);
            JsonNode tariff = api.json(stored);
            int body = Integer.parseInt(tariff.get("name").asText().substring(name.length() + 1));
            assertThat(tariff.get("prices").toString())
                    .isEqualTo("{\"MONTH\":\"" + (body + 1) + ".00\",\"YEAR\":\"" + (body + 100) + ".00\"}");
            assertThat(tariff.get("processingModuleIds").toString())
                    .isEqualTo(body % 2 == 0 ? "[" + module + "]" : "[" + module + "," + otherModule + "]");
            assertThat(tariff.get("trialDays").asInt()).isEqualTo(body);
            assertThat(tariff.get("addons").findValuesAsText("resource"))
                    .containsExactlyElementsOf(body % 3 == 0 ? List.of("ram")
                            : body % 3 == 1 ? List.of("ram", "disk") : List.of("disk", "cpu", "ram"));
            tariff.get("addons").forEach(addon -> {
                assertThat(addon.get("included").asLong()).isEqualTo(body + 1);
                assertThat(addon.get("prices").toString()).isEqualTo("{\"MONTH\":\"" + body + ".50\"}");
            });
            assertThat(api.admin(HttpMethod.GET, "/tariffs", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        }
    }

    /**
     * A module moved to another product type while a tariff of the old one takes it: the tariff share-locks the
     * module, waits for the move and then refuses it (400 naming processingModuleIds). It used to read the module
     * unlocked, pass the check against the old product type and commit after the move: a vds tariff with a module of
     * another product type. No installed module type serves two product types, so the API cannot move a module yet:
     * the move is written as a module's update writes it (the row locked, then changed).
     */
    @Test
    void aTariffTakingAModuleThatMovesToAnotherProductTypeWaitsAndIsRefused() throws Exception {
        String code = "moved-to-" + UUID.randomUUID().toString().substring(0, 8);
        api.create("/product-types", Map.of("code", code, "name", "Other", "trialPolicy", "NONE",
                "autoDeletionDays", 7, "clientDeletion", "ALLOWED", "onClientDelete", "IMMEDIATELY",
                "orderPeriods", List.of("MONTH"), "resources", List.of()));
        long otherType = jdbc.queryForObject("select id from hostflow.product_type where code = ?", Long.class, code);
        long moving = api.manualModule();
        try {
            ResponseEntity<String> created = new WhileHolding(transactions, jdbc).run(() -> {
                jdbc.queryForObject("select id from hostflow.processing_module where id = ? for update", Long.class,
                        moving);
                jdbc.update("update hostflow.processing_module set product_type_id = ? where id = ?", otherType,
                        moving);
            }, () -> api.admin(HttpMethod.POST, "/tariffs", api.tariffForm(provider, group, moving)));

            assertThat(api.errorFields(created)).containsExactly("processingModuleIds");
            assertThat(created.getBody()).contains("serves product type '" + code + "'");
            assertThat(jdbc.queryForObject("select count(*) from hostflow.tariff_processing_module"
                    + " where processing_module_id = ?", Long.class, moving)).isZero();
        } finally {
            jdbc.update("update hostflow.processing_module set product_type_id = (select id from"
                    + " hostflow.product_type where code = 'vds') where id = ?", moving);
        }
    }

    /** Body number {@code n}: its name, prices, modules, trial days and add-ons all carry n. */
    private Map<String, Object> numbered(String name, long otherModule, int n) {
        List<String> resources = n % 3 == 0 ? List.of("ram") : n % 3 == 1 ? List.of("ram", "disk")
                : List.of("disk", "cpu", "ram");
        List<Map<String, Object>> addons = resources.stream().<Map<String, Object>>map(r -> Map.of("resource", r,
                "included", n + 1, "min", 0, "max", 100, "step", 1, "prices", Map.of("MONTH", n + ".50"))).toList();
        Map<String, Object> form = api.tariffForm(provider, group, module);
        form.put("name", name + "-" + n);
        form.put("prices", Map.of("MONTH", (n + 1) + ".00", "YEAR", (n + 100) + ".00"));
        form.put("processingModuleIds", n % 2 == 0 ? List.of(module) : List.of(module, otherModule));
        form.put("trialDays", n);
        form.put("addons", addons);
        return form;
    }

    private List<String> errors(Map<String, Object> form) {
        return api.errorFields(api.admin(HttpMethod.POST, "/tariffs", form));
    }
}
