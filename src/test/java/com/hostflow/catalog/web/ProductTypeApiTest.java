package com.hostflow.catalog.web;

import static com.hostflow.catalog.web.CatalogApi.with;
import static com.hostflow.catalog.web.CatalogApi.without;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
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
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;

@IntegrationTest
class ProductTypeApiTest {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    IdentityService identityService;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    CatalogApi api;

    @BeforeEach
    void setUp() {
        api = new CatalogApi(rest, identityService);
    }

    @Test
    void vdsComesOutOfTheBox() {
        JsonNode vds = api.json(api.client(HttpMethod.GET, "/product-types/vds", null));

        assertThat(vds.get("name").asText()).isEqualTo("VPS");
        assertThat(vds.get("orderPeriods").toString()).isEqualTo(
                "[\"TRIAL\",\"ONE_TIME\",\"DAY\",\"MONTH\",\"QUARTER\",\"HALF_YEAR\",\"YEAR\"]");
        assertThat(vds.get("resources").toString()).isEqualTo("[{\"code\":\"ram\",\"name\":\"RAM\",\"unit\":\"MiB\"},"
                + "{\"code\":\"cpu\",\"name\":\"CPU\",\"unit\":\"cores\"},"
                + "{\"code\":\"disk\",\"name\":\"Disk\",\"unit\":\"MiB\"},"
                + "{\"code\":\"ipv4\",\"name\":\"IPv4\",\"unit\":\"addresses\"}]");
        assertThat(vds.get("parameters").toString()).isEqualTo(
                "[{\"code\":\"os\",\"name\":\"Operating system\",\"required\":true},"
                        + "{\"code\":\"domain\",\"name\":\"Domain\",\"required\":false}]");
        assertThat(vds.has("trialPolicy")).isTrue();
        assertThat(vds.has("clientDeletion")).isTrue();
        assertThat(vds.has("onClientDelete")).isTrue();
        assertThat(vds.has("autoDeletionDays")).isTrue();
        assertThat(api.json(api.staff(HttpMethod.GET, "/product-types", null)).findValuesAsText("code"))
                .contains("vds");
    }

    @Test
    void createUpdateAndDeleteAnotherProductTypeWithEverySetting() {
        String code = code();
        Map<String, Object> form = form(code);
        JsonNode created = api.create("/product-types", form);
        assertThat(created.get("code").asText()).isEqualTo(code);
        assertThat(created.get("trialPolicy").asText()).isEqualTo("ONE_PER_TARIFF_GROUP");
        assertThat(created.get("splitExpensesByMonth").asBoolean()).isTrue();
        assertThat(created.get("noSuspendOnWeekends").asBoolean()).isTrue();
        assertThat(created.get("autoDeletionDays").asInt()).isEqualTo(30);
        assertThat(created.get("clientDeletion").asText()).isEqualTo("PHONE_VERIFIED");
        assertThat(created.get("onClientDelete").asText()).isEqualTo("END_OF_PAID_PERIOD");
        assertThat(created.get("resources").findValuesAsText("code")).containsExactly("quota", "sites");

        Map<String, Object> changed = with(with(with(form, "trialPolicy", "EVERY_SERVICE"), "clientDeletion",
                "PROHIBITED"), "onClientDelete", "IMMEDIATELY");
        changed.put("orderPeriods", List.of("MONTH"));
        changed.put("parameters", List.of(Map.of("code", "domain", "name", "Domain", "required", true)));
        JsonNode updated = api.json(api.admin(HttpMethod.PUT, "/product-types/" + code, without(changed, "code")));
        assertThat(updated.get("trialPolicy").asText()).isEqualTo("EVERY_SERVICE");
        assertThat(updated.get("clientDeletion").asText()).isEqualTo("PROHIBITED");
        assertThat(updated.get("onClientDelete").asText()).isEqualTo("IMMEDIATELY");
        assertThat(updated.get("orderPeriods").toString()).isEqualTo("[\"MONTH\"]");
        assertThat(updated.get("parameters").findValuesAsText("code")).containsExactly("domain");

        assertThat(api.admin(HttpMethod.DELETE, "/product-types/" + code, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(api.admin(HttpMethod.GET, "/product-types/" + code, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    /**
     * Putting a product type's resources or parameters in another order was a 409 "conflicts with existing data":
     * their rows are rewritten by position, and one row's new code met another's old one before that was rewritten.
     */
    @Test
    void resourcesAndParametersCanBeReordered() {
        String code = code();
        Map<String, Object> form = with(form(code), "parameters", List.of(
                Map.of("code", "os", "name", "OS", "required", false),
                Map.of("code", "domain", "name", "Domain", "required", false)));
        api.create("/product-types", form);
        Map<String, Object> reordered = with(with(form, "resources", List.of(((List<?>) form.get("resources")).get(1),
                ((List<?>) form.get("resources")).get(0))), "parameters", List.of(
                        ((List<?>) form.get("parameters")).get(1), ((List<?>) form.get("parameters")).get(0)));

        ResponseEntity<String> answer = api.admin(HttpMethod.PUT, "/product-types/" + code, reordered);

        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode stored = api.json(api.admin(HttpMethod.GET, "/product-types/" + code, null));
        assertThat(stored.get("resources").findValuesAsText("code")).containsExactly("sites", "quota");
        assertThat(stored.get("parameters").findValuesAsText("code")).containsExactly("domain", "os");
    }

    @Test
    void rejectsBadInputNamingTheField() {
        Map<String, Object> form = form(code());
        assertThat(errors(without(form, "name"))).containsExactly("name");
        assertThat(errors(without(form, "code"))).containsExactly("code");
        assertThat(errors(with(form, "code", "Not A Code"))).containsExactly("code");
        assertThat(errors(with(form, "trialPolicy", "SOMETIMES"))).containsExactly("trialPolicy");
        assertThat(errors(with(form, "orderPeriods", List.of()))).containsExactly("orderPeriods");
        assertThat(errors(with(form, "orderPeriods", List.of("WEEK")))).containsExactly("orderPeriods[0]");
        assertThat(errors(with(form, "autoDeletionDays", -1))).containsExactly("autoDeletionDays");
        // the auto-deletion timer's due date: year 5,881,637 cannot be stored
        assertThat(errors(with(form, "autoDeletionDays", Integer.MAX_VALUE))).containsExactly("autoDeletionDays");
        assertThat(errors(with(form, "autoDeletionDays", 3651))).containsExactly("autoDeletionDays");
        assertThat(errors(with(form, "resources", List.of(Map.of("code", "a", "name", "A", "unit", "x"),
                Map.of("code", "a", "name", "A2", "unit", "x"))))).containsExactly("resources[1].code");
        assertThat(errors(with(form, "resources", List.of(Map.of("code", "a", "name", "A")))))
                .containsExactly("resources[0].unit");
        assertThat(api.errorFields(api.admin(HttpMethod.PUT, "/product-types/vds", with(form, "code", "other"))))
                .containsExactly("code");
    }

    @Test
    void aParameterOffersChoicesThatItsViewListsInTheirOrder() {
        String code = code();
        Map<String, Object> form = with(form(code), "parameters", List.of(
                Map.of("code", "os", "name", "OS", "required", true,
                        "choices", List.of(" debian-12", "ubuntu-24.04 ", "almalinux-9")),
                Map.of("code", "domain", "name", "Domain", "required", false, "choices", List.of())));

        JsonNode created = api.create("/product-types", form);

        assertThat(created.get("parameters").toString()).isEqualTo("[{\"code\":\"os\",\"name\":\"OS\","
                + "\"required\":true,\"choices\":[\"debian-12\",\"ubuntu-24.04\",\"almalinux-9\"]},"
                + "{\"code\":\"domain\",\"name\":\"Domain\",\"required\":false}]");
        JsonNode withoutChoices = api.json(api.admin(HttpMethod.PUT, "/product-types/" + code,
                with(form, "parameters", List.of(Map.of("code", "os", "name", "OS", "required", true)))));
        assertThat(withoutChoices.get("parameters").get(0).has("choices")).isFalse();
        assertThat(api.json(api.client(HttpMethod.GET, "/product-types/" + code, null)).get("parameters").get(0)
                .has("choices")).isFalse();
    }

    @Test
    void badChoicesAreRefusedNamingTheChoiceAndWriteNothing() {
        String code = code();
        assertThat(errors(choices(code, List.of("debian-12", "ubuntu-24.04", " debian-12"))))
                .containsExactly("parameters[0].choices");
        assertThat(errors(choices(code, List.of("debian-12", " ")))).containsExactly("parameters[0].choices[1]");
        assertThat(errors(choices(code, Arrays.asList("debian-12", null)))).containsExactly("parameters[0].choices[1]");
        assertThat(errors(choices(code, List.of("x".repeat(256))))).containsExactly("parameters[0].choices[0]");
        assertThat(errors(choices(code, List.of(7)))).containsExactly("parameters[0].choices[0]");
        assertThat(errors(choices(code, List.of(List.of("a"))))).containsExactly("parameters[0].choices[0]");
        assertThat(errors(choices(code, List.of(Map.of())))).containsExactly("parameters[0].choices[0]");
        assertThat(errors(choices(code, List.of("a\u0000b")))).containsExactly("parameters[0].choices[0]");
        assertThat(errors(choices(code, List.of("\u200b")))).containsExactly("parameters[0].choices[0]");
        assertThat(errors(with(form(code), "parameters", List.of(
                Map.of("code", "os", "name", "OS", "required", true, "choices", "debian-12")))))
                .containsExactly("parameters[0].choices");
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            many.add("image-" + i);
        }
        assertThat(errors(choices(code, many))).containsExactly("parameters[0].choices");
        assertThat(api.admin(HttpMethod.GET, "/product-types/" + code, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.admin(HttpMethod.POST, "/product-types", choices(code, many.subList(0, 100))).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
    }

    private static Map<String, Object> choices(String code, List<?> choices) {
        Map<String, Object> os = new LinkedHashMap<>();
        os.put("code", "os");
        os.put("name", "OS");
        os.put("required", true);
        os.put("choices", choices);
        return with(form(code), "parameters", List.of(os));
    }

    /**
     * 20,000 resources or parameters made a product type, and every tariff and order form of it carried them all
     * (answers of nearly a megabyte); a product type has at most 100 of each, and a tariff at most 100 modules.
     */
    @Test
    void moreThanAHundredResourcesOrParametersAreRefusedNamingTheList() {
        String code = code();
        Map<String, Object> form = form(code);
        List<Map<String, Object>> resources = new java.util.ArrayList<>();
        List<Map<String, Object>> parameters = new java.util.ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            resources.add(Map.of("code", "r" + i, "name", "R" + i, "unit", "u"));
            parameters.add(Map.of("code", "p" + i, "name", "P" + i, "required", false));
        }
        assertThat(errors(with(form, "resources", resources))).containsExactly("resources");
        assertThat(errors(with(form, "parameters", parameters))).containsExactly("parameters");
        assertThat(api.admin(HttpMethod.GET, "/product-types/" + code, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.admin(HttpMethod.POST, "/product-types", with(form, "resources", resources.subList(0, 100)))
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);

        long module = api.manualModule();
        Map<String, Object> tariff = api.tariffForm(api.provider(), api.tariffGroup(), module);
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/tariffs",
                with(tariff, "processingModuleIds", Collections.nCopies(101, module)))))
                .containsExactly("processingModuleIds");
    }

    @Test
    void aNullInAListIsA400NamingTheElementAndWritesNothing() {
        String code = code();
        Map<String, Object> form = form(code);
        assertThat(errors(with(form, "orderPeriods", Collections.singletonList(null))))
                .containsExactly("orderPeriods[0]");
        assertThat(errors(with(form, "orderPeriods", Arrays.asList("MONTH", null))))
                .containsExactly("orderPeriods[1]");
        assertThat(errors(with(form, "resources", Collections.singletonList(null)))).containsExactly("resources[0]");
        assertThat(errors(with(form, "parameters", Collections.singletonList(null))))
                .containsExactly("parameters[0]");
        assertThat(api.admin(HttpMethod.GET, "/product-types/" + code, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        api.create("/product-types", form);
        for (String list : List.of("orderPeriods", "resources", "parameters")) {
            assertThat(api.errorFields(api.admin(HttpMethod.PUT, "/product-types/" + code,
                    with(form, list, Arrays.asList(((List<?>) form.get(list)).get(0), null)))))
                    .containsExactly(list + "[1]");
        }
        JsonNode unchanged = api.json(api.admin(HttpMethod.GET, "/product-types/" + code, null));
        assertThat(unchanged.get("orderPeriods").toString()).isEqualTo("[\"MONTH\",\"YEAR\"]");
        assertThat(unchanged.get("resources").findValuesAsText("code")).containsExactly("quota", "sites");
        assertThat(unchanged.get("parameters").findValuesAsText("code")).containsExactly("domain");
    }

    @Test
    void existingCodesUnknownCodesAndRights() {
        assertThat(api.admin(HttpMethod.POST, "/product-types", form("vds")).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(api.admin(HttpMethod.PUT, "/product-types/nope", form("nope")).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.admin(HttpMethod.DELETE, "/product-types/vds", null).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(api.staff(HttpMethod.PUT, "/product-types/vds", form("vds")).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.client(HttpMethod.POST, "/product-types", form(code())).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void aResourceOrPeriodStillUsedByTariffsCannotBeRemoved() {
        String code = code();
        api.create("/product-types", form(code));
        Map<String, Object> tariff = new LinkedHashMap<>(Map.of("productType", code, "providerId", api.provider(),
                "name", "t", "prices", Map.of("YEAR", "9.00"),
                "addons", List.of(Map.of("resource", "quota", "included", 10))));
        api.tariff(tariff);

        Map<String, Object> withoutQuota = with(form(code), "resources",
                List.of(Map.of("code", "sites", "name", "Sites", "unit", "sites")));
        assertThat(api.admin(HttpMethod.PUT, "/product-types/" + code, withoutQuota).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(api.admin(HttpMethod.PUT, "/product-types/" + code, with(form(code), "orderPeriods",
                List.of("MONTH"))).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(api.admin(HttpMethod.DELETE, "/product-types/" + code, null).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void tenConcurrentUpdatesApplyOneAfterTheOtherEachWhole() throws Exception {
        String code = code();
        api.create("/product-types", resourcesForm(code, 0));
        for (int round = 0; round < 3; round++) {
            AtomicInteger next = new AtomicInteger();
            List<HttpStatus> answers = AtOnce.run(10, () -> {
                int body = next.getAndIncrement();
                return (HttpStatus) api.admin(HttpMethod.PUT, "/product-types/" + code, resourcesForm(code, body))
                        .getStatusCode();
            });

            assertThat(answers).as("round " + round).containsOnly(HttpStatus.OK);
            ResponseEntity<String> stored = api.admin(HttpMethod.GET, "/product-types/" + code, null);
            assertThat(stored.getStatusCode()).as(stored.getBody()).isEqualTo(HttpStatus.OK);
            JsonNode productType = api.json(stored);
            int body = Integer.parseInt(productType.get("name").asText().substring("PT".length()));
            JsonNode sent = new ObjectMapper().valueToTree(resourcesForm(code, body));
            assertThat(productType.get("autoDeletionDays")).isEqualTo(sent.get("autoDeletionDays"));
            assertThat(productType.get("resources")).isEqualTo(sent.get("resources"));
            assertThat(productType.get("parameters")).isEqualTo(sent.get("parameters"));
            assertThat(api.staff(HttpMethod.GET, "/product-types", null).getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(api.client(HttpMethod.GET, "/product-types", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        }
    }

    @Test
    void aDeleteAmongConcurrentUpdatesLeavesNothingBehind() throws Exception {
        String code = code();
        api.create("/product-types", resourcesForm(code, 0));
        AtomicInteger next = new AtomicInteger();
        List<HttpStatus> answers = AtOnce.run(6, () -> {
            int body = next.getAndIncrement();
            return (HttpStatus) (body == 3 ? api.admin(HttpMethod.DELETE, "/product-types/" + code, null)
                    : api.admin(HttpMethod.PUT, "/product-types/" + code, resourcesForm(code, body))).getStatusCode();
        });

        assertThat(answers).isSubsetOf(HttpStatus.OK, HttpStatus.NO_CONTENT, HttpStatus.NOT_FOUND)
                .containsOnlyOnce(HttpStatus.NO_CONTENT);
        assertThat(api.admin(HttpMethod.GET, "/product-types/" + code, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.staff(HttpMethod.GET, "/product-types", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode again = api.create("/product-types", resourcesForm(code, 1));
        assertThat(again.get("resources")).isEqualTo(new ObjectMapper().valueToTree(resourcesForm(code, 1))
                .get("resources"));
    }

    /** Body number {@code n}: named PT{n}, with 1 to 3 resources and 0 or 1 parameters, all named after n. */
    private static Map<String, Object> resourcesForm(String code, int n) {
        Map<String, Object> form = form(code);
        form.put("name", "PT" + n);
        form.put("autoDeletionDays", n + 1);
        List<Map<String, Object>> resources = new java.util.ArrayList<>();
        for (int r = 0; r <= n % 3; r++) {
            Map<String, Object> resource = new LinkedHashMap<>();
            resource.put("code", "r" + r);
            resource.put("name", "R" + n);
            resource.put("unit", "u" + n);
            resources.add(resource);
        }
        form.put("resources", resources);
        List<Map<String, Object>> parameters = new java.util.ArrayList<>();
        if (n % 2 == 1) {
            Map<String, Object> parameter = new LinkedHashMap<>();
            parameter.put("code", "p" + n);
            parameter.put("name", "P" + n);
            parameter.put("required", n % 4 == 1);
            parameters.add(parameter);
        }
        form.put("parameters", parameters);
        return form;
    }

    private List<String> errors(Map<String, Object> form) {
        return api.errorFields(api.admin(HttpMethod.POST, "/product-types", form));
    }

    private static String code() {
        return "hosting-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aTariffWrittenWhileItsProductTypeChangesWaitsForTheChangeAndSeesIt() throws Exception {
        String code = code();
        api.create("/product-types", form(code));
        long productTypeId = jdbc.queryForObject("select id from hostflow.product_type where code = ?", Long.class,
                code);
        Map<String, Object> tariff = api.tariffForm(api.provider(), api.tariffGroup(), api.manualModule());
        tariff.put("productType", code);
        // a module of its own type is not needed to sell it (the manual module type serves vds only)
        tariff.put("processingModuleIds", List.of());
        tariff.put("prices", Map.of("MONTH", "3.00"));
        tariff.put("trialDays", 0);
        tariff.put("addons", List.of(addon("quota")));
        long tariffId = api.tariff(tariff);

        // a change of the product type that removes "sites", holding the row's lock as an update does
        CountDownLatch tariffWaits = new CountDownLatch(1);
        CompletableFuture<Void> change = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions)
                .executeWithoutResult(tx -> {
                    jdbc.queryForObject("select id from hostflow.product_type where id = ? for update", Long.class,
                            productTypeId);
                    awaitQuietly(tariffWaits);
                    jdbc.update("delete from hostflow.product_type_resource where product_type_id = ?"
                            + " and code = 'sites'", productTypeId);
                }));
        Awaitility.await("the change holds the product type").atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject("select count(*) from pg_locks l join pg_class c"
                        + " on c.oid = l.relation where c.relname = 'product_type' and l.mode = 'RowShareLock'"
                        + " and l.granted", Long.class) > 0);
        // meanwhile an admin gives the tariff an add-on for "sites"
        CompletableFuture<ResponseEntity<String>> put = CompletableFuture.supplyAsync(() -> api.admin(HttpMethod.PUT,
                "/tariffs/" + tariffId, with(tariff, "addons", List.of(addon("quota"), addon("sites")))));
        try {
            Awaitility.await("the tariff waits for the product type").atMost(Duration.ofSeconds(10))
                    .until(() -> jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type"
                            + " = 'Lock' and query like '%product_type%'", Long.class) > 0);
        } finally {
            tariffWaits.countDown();
        }
        change.get(10, TimeUnit.SECONDS);

        ResponseEntity<String> answer = put.get(10, TimeUnit.SECONDS);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api.errorFields(answer)).containsExactly("addons[1].resource");
        assertThat(api.json(api.admin(HttpMethod.GET, "/tariffs/" + tariffId, null)).get("addons")
                .findValuesAsText("resource")).containsExactly("quota");
    }

    private static Map<String, Object> addon(String resource) {
        return Map.of("resource", resource, "included", 1, "min", 0, "max", 10, "step", 1,
                "prices", Map.of("MONTH", "1.00"));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, Object> form(String code) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("code", code);
        form.put("name", "Shared hosting");
        form.put("trialPolicy", "ONE_PER_TARIFF_GROUP");
        form.put("splitExpensesByMonth", true);
        form.put("noSuspendOnWeekends", true);
        form.put("autoDeletionDays", 30);
        form.put("clientDeletion", "PHONE_VERIFIED");
        form.put("onClientDelete", "END_OF_PAID_PERIOD");
        form.put("orderPeriods", List.of("MONTH", "YEAR"));
        form.put("resources", List.of(Map.of("code", "quota", "name", "Disk quota", "unit", "MiB"),
                Map.of("code", "sites", "name", "Sites", "unit", "sites")));
        form.put("parameters", List.of(Map.of("code", "domain", "name", "Domain", "required", false)));
        return form;
    }
}
