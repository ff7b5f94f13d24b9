package com.hostflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import com.hostflow.catalog.DataCenterForm;
import com.hostflow.catalog.DataCenterService;
import com.hostflow.catalog.ProcessingModuleForm;
import com.hostflow.catalog.ProcessingModuleService;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.catalog.ProductTypeView;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.ProductTypeRestore;

/**
 * The product type's page offers, beside vds's {@code os} choices, "Load choices from &lt;module&gt;" for a VMmanager
 * 6 module; the button's form (CSRF token, the page's version) saves the module's OS images and comes back to the
 * page, or shows why not beside the choices with nothing saved.
 */
@IntegrationTest
class LoadChoicesPageTest {

    private static final String PAGE = "/console/product-types/vds";

    @Autowired
    TestRestTemplate template;
    @Autowired
    ProductTypeService productTypes;
    @Autowired
    ProcessingModuleService modules;
    @Autowired
    DataCenterService dataCenters;
    @Autowired
    VmManager6Simulator simulator;
    @LocalServerPort
    int port;

    final String moduleName = "VMmanager page " + UUID.randomUUID().toString().substring(0, 8);
    TestRestTemplate http;
    String session;
    ProductTypeView vdsBefore;
    long module;

    @BeforeEach
    void logInWithAModule() {
        vdsBefore = productTypes.get("vds");
        long dataCenter = dataCenters.create(new DataCenterForm("DC " + moduleName, null, 1, null)).id();
        module = modules.create(new ProcessingModuleForm("vds", "vmmanager6", moduleName, dataCenter, null, 1,
                new ProcessingModuleForm.Integration("http://localhost:" + port + "/simulator/vmmanager6",
                        "admin@example.com", "secret"),
                new ProcessingModuleForm.Settings("1", false, false), null)).id();
        http = template.withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW);
        session = ConsoleSecurityTest.login(http, "demo", "demo");
    }

    @AfterEach
    void restore() {
        simulator.control(new SimulatorControl(0.0, 200, false));
        ProductTypeRestore.restore(productTypes, vdsBefore);
    }

    @Test
    void theButtonSavesTheModulesOsImagesAndComesBackToThePage() {
        String page = get(PAGE);
        assertThat(page).contains("form=\"load-choices-os-" + module + "\"", "Load choices from " + moduleName)
                .doesNotContain("load-choices-domain-" + module);

        ResponseEntity<String> loaded = post(PAGE + "/load-choices", buttonForm(page), session);

        assertThat(loaded.getStatusCode().value()).as("post, redirect, get").isEqualTo(302);
        assertThat(loaded.getHeaders().getLocation().getPath()).isEqualTo(PAGE);
        assertThat(choicesOfOs()).containsExactly("ubuntu-24.04", "debian-12", "almalinux-9");
        assertThat(get(PAGE)).contains("Loaded 3 choices of os and saved them.",
                "value=\"ubuntu-24.04, debian-12, almalinux-9\"");
    }

    @Test
    void aModuleThatIsDownIsShownBesideTheChoicesAndNothingIsSaved() {
        MultiValueMap<String, String> button = buttonForm(get(PAGE));
        simulator.control(new SimulatorControl(0.0, 200, true));

        ResponseEntity<String> refused = post(PAGE + "/load-choices", button, session);

        assertThat(refused.getStatusCode().value()).as("the page again, not a redirect").isEqualTo(200);
        Matcher beside = Pattern.compile("data-errors-for=\"parameters\\[0]\\.choices\">\\s*"
                + "<p class=\"field-error\">([^<]*)</p>").matcher(refused.getBody());
        assertThat(beside.find()).as("a problem beside os's choices").isTrue();
        assertThat(beside.group(1)).contains(moduleName, "could not list its values for", "UNAVAILABLE");
        assertThat(choicesOfOs()).isEqualTo(vdsBefore.parameters().get(0).choices());
        assertThat(productTypes.get("vds").version()).isEqualTo(vdsBefore.version());
    }

    @Test
    void withoutTheCsrfTokenNothingIsLoaded() {
        MultiValueMap<String, String> button = buttonForm(get(PAGE));
        button.remove("_csrf");

        assertThat(post(PAGE + "/load-choices", button, session).getStatusCode().value()).isEqualTo(403);
        assertThat(productTypes.get("vds").version()).isEqualTo(vdsBefore.version());
    }

    /** The fields of the hidden form the module's button submits, as the page rendered them. */
    private MultiValueMap<String, String> buttonForm(String page) {
        Matcher form = Pattern.compile("<form id=\"load-choices-os-" + module + "\".*?</form>", Pattern.DOTALL)
                .matcher(page);
        assertThat(form.find()).as("the button's form").isTrue();
        assertThat(form.group()).contains("action=\"" + PAGE + "/load-choices\"");
        MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
        Matcher input = Pattern.compile("name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(form.group());
        while (input.find()) {
            fields.add(input.group(1), input.group(2));
        }
        assertThat(fields.keySet()).containsExactlyInAnyOrder("parameter", "processingModuleId", "version", "_csrf");
        return fields;
    }

    private List<String> choicesOfOs() {
        return productTypes.get("vds").parameters().stream().filter(p -> p.code().equals("os")).findFirst()
                .orElseThrow().choices();
    }

    private String get(String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.COOKIE, session);
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        ResponseEntity<String> page = http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        return page.getBody();
    }

    private ResponseEntity<String> post(String path, MultiValueMap<String, String> form, String cookie) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        headers.add(HttpHeaders.COOKIE, cookie);
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(form, headers), String.class);
    }
}
