package com.hostflow.catalog.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.hostflow.catalog.web.CatalogApi.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.hostflow.catalog.ProductTypeForm;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.catalog.ProductTypeView;
import com.hostflow.common.web.IfMatch;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.ProductTypeRestore;

/**
 * {@code POST /api/v1/product-types/{code}/load-choices}: vds's {@code os} choices taken from a VMmanager 6 module,
 * against the simulator (and a WireMock VMmanager for answers the simulator never gives). Every refusal leaves the
 * product type as it was, its ETag included.
 */
@IntegrationTest
class LoadChoicesApiTest {

    private static final String LOAD = "/product-types/vds/load-choices";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identityService;
    @Autowired
    ProductTypeService productTypes;
    @Autowired
    VmManager6Simulator simulator;
    @LocalServerPort
    int port;

    /** Names padded, one twice, one blank: the load keeps "Debian 12" and "AlmaLinux 9". */
    private static final String OS_LIST = "{\"list\":[{\"id\":7,\"name\":\" Debian 12 \"},"
            + "{\"id\":8,\"name\":\"AlmaLinux 9\"},{\"id\":9,\"name\":\"Debian 12\"},{\"id\":10,\"name\":\"  \"}]}";

    CatalogApi api;
    ProductTypeView vdsBefore;
    long dataCenter;
    WireMockServer vmmanager;

    @BeforeEach
    void setUp() {
        api = new CatalogApi(rest, identityService);
        vdsBefore = productTypes.get("vds");
        dataCenter = api.dataCenter();
    }

    @AfterEach
    void restore() {
        simulator.control(new SimulatorControl(0.0, 200, false));
        if (vmmanager != null) {
            vmmanager.stop();
        }
        ProductTypeRestore.restore(productTypes, vdsBefore);
    }

    @Test
    void fillsTheParametersChoicesWithTheModulesOsImagesAndKeepsEverythingElse() {
        long module = vmModule(simulatorUrl());
        String etag = etagOfVds();

        ResponseEntity<String> loaded = api.admin(HttpMethod.POST, LOAD,
                Map.of("parameter", "os", "processingModuleId", module), etag);

        assertThat(loaded.getStatusCode()).as(loaded.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(choices(api.json(loaded), "os")).containsExactly("ubuntu-24.04", "debian-12", "almalinux-9");
        assertThat(loaded.getHeaders().getETag()).as("the new version's tag").isNotNull().isNotEqualTo(etag)
                .isEqualTo(etagOfVds());
        JsonNode vds = api.json(api.client(HttpMethod.GET, "/product-types/vds", null));
        assertThat(choices(vds, "os")).containsExactly("ubuntu-24.04", "debian-12", "almalinux-9");
        assertThat(vds.get("parameters").findValuesAsText("code")).containsExactly("os", "domain");
        assertThat(vds.get("parameters").get(1).has("choices")).as("domain still takes any text").isFalse();
        assertThat(vds.get("resources").findValuesAsText("code"))
                .containsExactlyElementsOf(vdsBefore.resources().stream().map(r -> r.code()).toList());
        assertThat(vds.get("name").asText()).isEqualTo(vdsBefore.name());
    }

    @Test
    void takesTheModulesNamesTrimmedAndEachOnceInItsOrder() {
        long module = vmModule(wireMockVmManager(OS_LIST));

        ResponseEntity<String> loaded = load("os", module);

        assertThat(loaded.getStatusCode()).as(loaded.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(choices(api.json(loaded), "os")).containsExactly("Debian 12", "AlmaLinux 9");
    }

    @Test
    void badInputIsA400NamingTheField() {
        long simulated = vmModule(simulatorUrl());
        long manual = api.manualModule();
        String otherType = CatalogApi.unique("lc").toLowerCase();
        api.create("/product-types", Map.of("code", otherType, "name", "Other", "trialPolicy", "NONE",
                "autoDeletionDays", 0, "clientDeletion", "ALLOWED", "onClientDelete", "IMMEDIATELY",
                "orderPeriods", List.of("MONTH"), "parameters", List.of(Map.of("code", "os", "name", "OS"))));
        String etag = etagOfVds();

        assertThat(api.errorFields(load("nope", simulated))).containsExactly("parameter");
        assertThat(api.errorFields(load("os", 987_654_321L))).containsExactly("processingModuleId");
        assertThat(api.errorFields(load("os", manual))).as("manual modules offer nothing")
                .containsExactly("processingModuleId");
        assertThat(api.errorFields(load("domain", simulated))).as("VMmanager offers values for os only")
                .containsExactly("processingModuleId");
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/product-types/" + otherType + "/load-choices",
                Map.of("parameter", "os", "processingModuleId", simulated)))).as("a module of vds")
                .containsExactly("processingModuleId");
        assertThat(api.errorFields(api.admin(HttpMethod.POST, LOAD, Map.of()))).as("nothing named")
                .containsExactlyInAnyOrder("parameter", "processingModuleId");
        assertThat(api.errorFields(api.admin(HttpMethod.POST, LOAD, Map.of("parameter", "os",
                "processingModuleId", simulated, "choices", List.of("mine"))))).as("strict JSON")
                .containsExactly("choices");

        assertThat(api.admin(HttpMethod.POST, "/product-types/nope-" + otherType + "/load-choices",
                Map.of("parameter", "os", "processingModuleId", simulated)).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.admin(HttpMethod.POST, LOAD, Map.of("parameter", "os", "processingModuleId", simulated),
                "\"999999\"").getStatusCode()).as("a stale If-Match").isEqualTo(HttpStatus.PRECONDITION_FAILED);
        assertThat(api.staff(HttpMethod.POST, LOAD, Map.of("parameter", "os", "processingModuleId", simulated))
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(etagOfVds()).as("nothing written").isEqualTo(etag);
    }

    @Test
    void aModuleThatIsDownUnreachableOrAnswersGarbageIsA502AndChangesNothing() {
        long simulated = vmModule(simulatorUrl());
        long unreachable = vmModule("http://127.0.0.1:1/vmmanager");
        long garbage = vmModule(wireMockVmManager("<html>maintenance</html>"));
        String etag = etagOfVds();

        simulator.control(new SimulatorControl(0.0, 200, true));
        assertBadGateway(load("os", simulated), "UNAVAILABLE");
        simulator.control(new SimulatorControl(0.0, 200, false));
        assertBadGateway(load("os", unreachable), "UNREACHABLE");
        assertBadGateway(load("os", garbage), "MALFORMED_ANSWER");

        assertThat(etagOfVds()).as("nothing written").isEqualTo(etag);
        assertThat(productTypes.get("vds").parameters()).isEqualTo(vdsBefore.parameters());
    }

    @Test
    void valuesThatCannotBeChoicesAreRefusedWholeWith422() {
        String tooMany = IntStream.rangeClosed(1, 101).mapToObj(i -> "{\"id\":" + i + ",\"name\":\"os-" + i + "\"}")
                .collect(Collectors.joining(",", "{\"list\":[", "]}"));
        long many = vmModule(wireMockVmManager(tooMany));
        String etag = etagOfVds();

        ResponseEntity<String> refused = load("os", many);

        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(api.json(refused).get("code").asText()).isEqualTo("Err_ChoicesDoNotFit");
        assertThat(api.json(refused).get("detail").asText()).contains("101 values");

        vmmanager.stop();
        long none = vmModule(wireMockVmManager("{\"list\":[]}"));
        ResponseEntity<String> empty = load("os", none);
        assertThat(empty.getStatusCode()).as(empty.getBody()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(api.json(empty).get("code").asText()).isEqualTo("Err_NoValuesOffered");
        assertThat(etagOfVds()).as("nothing written").isEqualTo(etag);
    }

    /**
     * Another admin's save that commits while the module is still answering: a load sent without {@code If-Match}
     * keeps that save and adds its choices to it; a load whose {@code If-Match} was read before the save is 412 at
     * its write and changes nothing. Both loads are held in the module's answer while the save commits.
     */
    @Test
    void aSaveCommittedWhileTheModuleAnswersIsKeptOrMakesAStaleLoad412() throws Exception {
        long module = vmModule(wireMockVmManager(OS_LIST, 3000));
        String etag = etagOfVds();
        CompletableFuture<ResponseEntity<String>> blind = CompletableFuture.supplyAsync(() -> load("os", module));
        CompletableFuture<ResponseEntity<String>> stale = CompletableFuture.supplyAsync(() -> api.admin(
                HttpMethod.POST, LOAD, Map.of("parameter", "os", "processingModuleId", module), etag));
        await("both loads wait for the module's list").atMost(Duration.ofSeconds(20))
                .until(() -> vmmanager.findAll(getRequestedFor(urlEqualTo("/vm/v3/os"))).size() == 2);

        ProductTypeView now = productTypes.get("vds");
        productTypes.update("vds", ProductTypeForm.of(now, now.parameters().stream()
                .map(p -> new ProductTypeForm.Parameter(p.code(), p.code().equals("domain") ? "Domain (renamed)"
                        : p.name(), p.required(), p.choices()))
                .toList()), IfMatch.ANY);

        ResponseEntity<String> kept = blind.get(30, TimeUnit.SECONDS);
        ResponseEntity<String> refused = stale.get(30, TimeUnit.SECONDS);
        assertThat(kept.getStatusCode()).as(kept.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
        JsonNode vds = api.json(api.admin(HttpMethod.GET, "/product-types/vds", null));
        assertThat(choices(vds, "os")).containsExactly("Debian 12", "AlmaLinux 9");
        assertThat(vds.get("parameters").get(1).get("name").asText()).as("the save made meanwhile")
                .isEqualTo("Domain (renamed)");
    }

    /**
     * An admin points the module at another VMmanager while the first one answers: the first panel's values are not
     * saved over the change (409, nothing written); loaded again, they come from the module as it is now.
     */
    @Test
    void aModuleChangedWhileItAnswersIsA409AndChangesNothing() throws Exception {
        long module = vmModule(wireMockVmManager(OS_LIST, 3000));
        String address = "/processing-modules/" + module;
        JsonNode moduleBefore = api.json(api.admin(HttpMethod.GET, address, null));
        String etag = etagOfVds();
        CompletableFuture<ResponseEntity<String>> load = CompletableFuture.supplyAsync(() -> load("os", module));
        await("the load waits for the module's list").atMost(Duration.ofSeconds(20))
                .until(() -> vmmanager.findAll(getRequestedFor(urlEqualTo("/vm/v3/os"))).size() == 1);

        Map<String, Object> moved = with(api.vmModuleForm(dataCenter, "secret"), "name",
                moduleBefore.get("name").asText());
        moved = with(moved, "integration", Map.of("url", simulatorUrl(), "username", "admin@example.com"));
        ResponseEntity<String> change = api.admin(HttpMethod.PUT, address, moved);
        assertThat(change.getStatusCode()).as(change.getBody()).isEqualTo(HttpStatus.OK);

        ResponseEntity<String> refused = load.get(30, TimeUnit.SECONDS);
        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .isTrue();
        assertThat(api.json(refused).get("detail").asText()).contains("changed while its values were loaded",
                "load again");
        assertThat(etagOfVds()).as("nothing written").isEqualTo(etag);
        assertThat(productTypes.get("vds").parameters()).isEqualTo(vdsBefore.parameters());

        ResponseEntity<String> again = load("os", module);
        assertThat(again.getStatusCode()).as(again.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(choices(api.json(again), "os")).containsExactly("ubuntu-24.04", "debian-12", "almalinux-9");
    }

    /** The choices the parameter has already, loaded again: nothing changes, the ETag included. */
    @Test
    void loadingTheChoicesItHasKeepsTheTag() {
        long module = vmModule(simulatorUrl());
        ResponseEntity<String> first = load("os", module);
        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(HttpStatus.OK);
        String etag = first.getHeaders().getETag();

        ResponseEntity<String> again = api.admin(HttpMethod.POST, LOAD,
                Map.of("parameter", "os", "processingModuleId", module), etag);

        assertThat(again.getStatusCode()).as(again.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(again.getHeaders().getETag()).isEqualTo(etag).isEqualTo(etagOfVds());
    }

    private void assertBadGateway(ResponseEntity<String> answer, String code) {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .isTrue();
        JsonNode problem = api.json(answer);
        assertThat(problem.get("code").asText()).isEqualTo(code);
        assertThat(problem.get("detail").asText()).contains("could not list its values for 'os'",
                "the choices were left as they are");
    }

    private ResponseEntity<String> load(String parameter, long module) {
        return api.admin(HttpMethod.POST, LOAD, Map.of("parameter", parameter, "processingModuleId", module));
    }

    private String etagOfVds() {
        return api.admin(HttpMethod.GET, "/product-types/vds", null).getHeaders().getFirst(HttpHeaders.ETAG);
    }

    private long vmModule(String url) {
        Map<String, Object> form = api.vmModuleForm(dataCenter, "secret");
        form = with(form, "integration", Map.of("url", url, "username", "admin@example.com", "password", "secret"));
        return api.create("/processing-modules", form).get("id").asLong();
    }

    private String simulatorUrl() {
        return "http://localhost:" + port + "/simulator/vmmanager6";
    }

    /** A VMmanager that logs in and answers {@code GET /vm/v3/os} with this body. */
    private String wireMockVmManager(String osList) {
        return wireMockVmManager(osList, 0);
    }

    /** The same, its list answered {@code delayMs} after it was asked for. */
    private String wireMockVmManager(String osList, int delayMs) {
        vmmanager = new WireMockServer(options().dynamicPort());
        vmmanager.start();
        vmmanager.stubFor(post(urlEqualTo("/auth/v4/public/token")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"1\",\"token\":\"t-1\"}")));
        vmmanager.stubFor(get(urlEqualTo("/vm/v3/os")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(osList).withFixedDelay(delayMs)));
        return vmmanager.baseUrl();
    }

    private static List<String> choices(JsonNode productType, String parameter) {
        List<String> choices = new ArrayList<>();
        productType.get("parameters").forEach(p -> {
            if (p.get("code").asText().equals(parameter) && p.has("choices")) {
                p.get("choices").forEach(c -> choices.add(c.asText()));
            }
        });
        return choices;
    }
}
