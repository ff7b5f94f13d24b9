package com.hostflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.hostflow.catalog.DataCenterForm;
import com.hostflow.catalog.DataCenterService;
import com.hostflow.catalog.DepartmentForm;
import com.hostflow.catalog.DepartmentService;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProcessingModuleForm;
import com.hostflow.catalog.ProcessingModuleService;
import com.hostflow.catalog.ProviderForm;
import com.hostflow.catalog.ProviderService;
import com.hostflow.catalog.TariffForm;
import com.hostflow.catalog.TariffService;
import com.hostflow.clients.ClientService;
import com.hostflow.clients.ClientService.ClientData;
import com.hostflow.common.web.IfMatch;
import com.hostflow.lifecycle.order.ServiceOrders;
import com.hostflow.lifecycle.order.ServiceOrders.OrderCommand;
import com.hostflow.support.IntegrationTest;
import com.hostflow.users.StaffRole;
import com.hostflow.users.StaffUser;
import com.hostflow.users.StaffUserService;

/**
 * What a page session may do, in a real browser: a password changed by an admin (HostFlow's API, the engine REST) or by
 * the user in another session ends every session opened with the old one, but not the session the user changed it
 * in, nor the admin's; staff see no write control in the console and get the 403 page for a blank "new" form; the 403
 * page links only the area the login may use.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionsAndRolesBrowserTest {

    static final String PASSWORD = "sessions-password-1";

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate template;
    @Autowired
    StaffUserService staffUsers;
    @Autowired
    DepartmentService departments;
    @Autowired
    ProviderService providers;
    @Autowired
    ClientService clients;
    @Autowired
    TariffService tariffs;
    @Autowired
    DataCenterService dataCenters;
    @Autowired
    ProcessingModuleService modules;
    @Autowired
    ServiceOrders orders;
    @Autowired
    RuntimeService runtime;

    final String unique = UUID.randomUUID().toString().substring(0, 8);
    Browser browser;
    TestRestTemplate http;
    String department;

    @BeforeAll
    void startBrowser() throws Exception {
        browser = Browser.withoutImages(port);
        department = "sessions-desk-" + unique;
        departments.create(new DepartmentForm("Sessions desk " + unique, department));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void loggedOut() {
        browser.logout();
        http = template.withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW);
    }

    @Test
    void anAdminsPasswordChangeThroughTheApiEndsTheStaffUsersOpenSessions() {
        String staff = staffUser("reset");
        String otherSession = ConsoleSecurityTest.login(http, staff, PASSWORD);
        String adminSession = ConsoleSecurityTest.login(http, "demo", "demo");
        browser.loginOverHttp(staff, PASSWORD);
        browser.open("/console/clients");
        assertThat(browser.text(By.id("current-user"))).isEqualTo(staff);

        // what PUT /api/v1/users/{username} with a password does
        staffUsers.update(staff, staffUserNamed(staff), "sessions-reset-2", IfMatch.ANY);

        browser.open("/console/clients");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login?expired=password");
        assertThat(browser.text(By.id("login-password-changed"))).contains("your password was changed");
        assertEnded(otherSession, "/console/clients");
        assertThat(page(adminSession, "/console/clients").getStatusCode().value()).as("the admin's own session")
                .isEqualTo(200);

        browser.login(staff, "sessions-reset-2");
        browser.open("/console/clients");
        assertThat(browser.text(By.id("current-user"))).as("the new password logs in").isEqualTo(staff);
    }

    @Test
    void anAdminsPasswordChangeThroughTheEngineRestEndsTheClientsOpenSession() {
        String email = client("sessions");
        browser.loginOverHttp(email, PASSWORD);
        browser.open("/my/billing");
        assertThat(browser.text(By.id("current-user"))).isEqualTo(email);

        // as Camunda's Admin app changes a user's password
        ResponseEntity<String> changed = template.withBasicAuth("demo", "demo").exchange(
                "/engine-rest/user/" + email + "/credentials", HttpMethod.PUT,
                json("{\"password\":\"sessions-engine-2\",\"authenticatedUserPassword\":\"demo\"}"), String.class);
        assertThat(changed.getStatusCode().value()).as(changed.getBody()).isEqualTo(204);

        browser.open("/my/billing");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login?expired=password");
        assertThat(browser.findAll(By.id("login-password-changed"))).hasSize(1);
    }

    @Test
    void aUserChangingTheirOwnPasswordKeepsThatSessionAndEndsTheOthers() {
        String staff = staffUser("own");
        String otherSession = ConsoleSecurityTest.login(http, staff, PASSWORD);
        browser.login(staff, PASSWORD);
        browser.click(By.id("my-password"));
        browser.type(By.id("currentPassword"), PASSWORD);
        browser.type(By.id("newPassword"), "sessions-own-2");
        browser.type(By.id("newPasswordAgain"), "sessions-own-2");
        browser.click(By.id("change-password"));
        assertThat(browser.text(By.id("notice"))).isEqualTo("Your password was changed.");

        browser.open("/console/services");
        assertThat(browser.driver().getCurrentUrl()).as("the session it was changed in goes on")
                .endsWith("/console/services");
        assertThat(browser.text(By.id("current-user"))).isEqualTo(staff);
        assertEnded(otherSession, "/console/services");
    }

    @Test
    void staffSeeNoWriteControlsAndGetThe403PageForANewForm() {
        String staff = staffUser("reader");
        browser.loginOverHttp(staff, PASSWORD);
        long tariff = tariff(providers.create(new ProviderForm("Reader hosting " + unique, "EUR")).id(), "Reader");
        for (String page : List.of("/console/datacenters", "/console/modules", "/console/product-types",
                "/console/tariffs", "/console/product-types/vds", "/console/tariffs/" + tariff,
                "/console/services", "/console/clients")) {
            browser.open(page);
            assertThat(browser.findAll(By.id("current-user"))).as(page).hasSize(1);
            assertThat(writeControls()).as(page).isEmpty();
        }
        for (String page : List.of("/console/datacenters/new", "/console/modules/new", "/console/product-types/new",
                "/console/tariffs/new", "/console/tariffs/new?productType=vds")) {
            browser.open(page);
            assertThat(browser.text(By.id("problem-title"))).as(page).isEqualTo("Not allowed");
            assertThat(browser.findAll(By.cssSelector("form.form"))).as(page).isEmpty();
            assertThat(browser.findAll(By.id("current-user"))).as("in the layout: " + page).hasSize(1);
            assertThat(browser.fetchStatus("GET", page, null)).as(page).isEqualTo(403);
        }

        // admins as before
        browser.logout();
        browser.loginOverHttp("demo", "demo");
        browser.open("/console/product-types/new");
        assertThat(browser.findAll(By.id("save"))).hasSize(1);
        browser.open("/console/product-types/vds");
        assertThat(writeControls()).contains("Remove", "Add resource", "Save");
        browser.open("/console/tariffs/new");
        assertThat(browser.findAll(By.id("choose-product-type"))).hasSize(1);
    }

    @Test
    void theDeniedPageLinksOnlyTheAreaTheLoginMayUse() {
        browser.loginOverHttp(client("denied"), PASSWORD);
        browser.open("/console/clients");
        assertThat(browser.findAll(By.id("denied"))).hasSize(1);
        assertThat(linkTargets()).contains("/my").doesNotContain("/console");

        browser.logout();
        browser.loginOverHttp(staffUser("denied"), PASSWORD);
        browser.open("/my/billing");
        assertThat(browser.findAll(By.id("denied"))).hasSize(1);
        assertThat(linkTargets()).contains("/console").doesNotContain("/my");

        browser.logout();
        browser.open("/access-denied");
        assertThat(linkTargets()).containsExactly("/login");
    }

    /**
     * Cockpit takes administrators only: staff's sidebar and a service's processes linked into it, to a login that
     * refuses them. Staff see the processes without the links; admins keep them.
     */
    @Test
    void staffSeeNoCockpitLinksTheirLoginCannotOpen() {
        long provider = providers.create(new ProviderForm("Cockpit hosting " + unique, "EUR")).id();
        long tariff = tariff(provider, "Cockpit");
        long client = clients.create(new ClientData("cockpit-" + unique + "@example.com", "Cockpit " + unique, null,
                provider, PASSWORD)).getId();
        // unpaid: its order process waits for the payment
        long service = orders.placeOrder(new OrderCommand(client, tariff, Period.MONTH, Map.of(),
                Map.of("os", "debian-12"))).getServiceId();
        try {
            browser.loginOverHttp(staffUser("cockpit"), PASSWORD);
            for (String page : List.of("/console", "/console/services/" + service)) {
                browser.open(page);
                assertThat(browser.findAll(By.cssSelector("a[href*='/camunda/app/cockpit']"))).as(page).isEmpty();
            }
            assertThat(browser.text(By.id("processes"))).contains("ServiceOrderProcess");

            browser.logout();
            browser.loginOverHttp("demo", "demo");
            browser.open("/console/services/" + service);
            assertThat(browser.findAll(By.cssSelector("#processes a[href*='/camunda/app/cockpit']"))).isNotEmpty();
            assertThat(browser.findAll(By.id("cockpit-link"))).hasSize(1);
        } finally {
            runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(service)).list()
                    .forEach(instance -> runtime.deleteProcessInstance(instance.getId(), "test over"));
        }
    }

    /** {@code /logout} typed into the address bar: a page with the logout button, not the 403 page. */
    @Test
    void theLogoutAddressOpenedAsAPageOffersTheLogout() {
        browser.loginOverHttp(staffUser("leaving"), PASSWORD);
        browser.open("/logout");
        assertThat(browser.findAll(By.id("logout-page"))).hasSize(1);
        assertThat(browser.find(By.id("logout-cancel")).getDomAttribute("href")).isEqualTo("/console");
        browser.click(By.id("logout-confirm"));
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login?logout");
        browser.open("/console");
        assertThat(browser.driver().getCurrentUrl()).as("logged out").endsWith("/login");

        browser.open("/logout");
        assertThat(browser.driver().getCurrentUrl()).as("nobody logged in").endsWith("/login?logout");
    }

    /**
     * The console and Cockpit share the browser's session: Cockpit's "Log out" ends the console login made in it (it
     * stayed logged in), and Cockpit's login works again in the same tab; an admin who follows the console into
     * Cockpit and logs in there keeps the console (the Cockpit login used to end it).
     */
    @Test
    void cockpitsLogoutInTheBrowserEndsTheConsoleToo() {
        logIntoCockpit();
        browser.login("demo", "demo");
        browser.open("/console");
        assertThat(browser.text(By.id("current-user"))).isEqualTo("demo");

        browser.open("/camunda/app/cockpit/default/");
        WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(60));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("hostflow-services-nav")));
        // the user menu's "Log out" (Angular's handler, as the menu item calls it)
        ((JavascriptExecutor) browser.driver()).executeScript(
                "document.querySelector('[ng-click=\"logout()\"]').click()");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=password]")));

        browser.open("/console");
        assertThat(browser.driver().getCurrentUrl()).as("the console asks to log in again").endsWith("/login");

        browser.login("demo", "demo");
        logIntoCockpit();
        browser.open("/console");
        assertThat(browser.driver().getCurrentUrl()).as("the same user keeps the console").endsWith("/console");
    }

    private void logIntoCockpit() {
        browser.open("/camunda/app/cockpit/default/");
        WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(60));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=text]")))
                .sendKeys("demo");
        browser.find(By.cssSelector("input[type=password]")).sendKeys("demo");
        browser.find(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("hostflow-services-nav")));
    }

    /** A tariff of the provider on a VMmanager 6 module (never called: nothing is paid for). */
    private long tariff(long provider, String name) {
        long dataCenter = dataCenters.create(new DataCenterForm(name + " DC " + unique, null, 1, null)).id();
        long module = modules.create(new ProcessingModuleForm("vds", "vmmanager6", name + " VM " + unique, dataCenter,
                null, 1, new ProcessingModuleForm.Integration("http://localhost:" + port + "/simulator/vmmanager6",
                        "admin@example.com", "secret"),
                new ProcessingModuleForm.Settings("1", false, false),
                new ProcessingModuleForm.Queue(false, null, null))).id();
        return tariffs.create(new TariffForm("vds", provider, null, name + " " + unique, true, List.of(module), null,
                false, "vps{serviceId}.reader.example.net", Map.of(Period.MONTH, new BigDecimal("10.00")), 0,
                List.of(new TariffForm.Addon("ram", 1024L, 1024L, 8192L, 1024L,
                        Map.of(Period.MONTH, new BigDecimal("2.00"))),
                        new TariffForm.Addon("cpu", 1L, null, null, null, null),
                        new TariffForm.Addon("disk", 20480L, null, null, null, null),
                        new TariffForm.Addon("ipv4", 1L, null, null, null, null)))).id();
    }

    /** A client login of its own provider. */
    private String client(String purpose) {
        long provider = providers.create(new ProviderForm(purpose + " hosting " + unique, "EUR")).id();
        String email = purpose + "-" + unique + "@example.com";
        clients.create(new ClientData(email, purpose + " " + unique, null, provider, PASSWORD));
        return email;
    }

    private String staffUser(String purpose) {
        String name = "sessions-" + purpose + "-" + unique;
        staffUsers.create(staffUserNamed(name), PASSWORD);
        return name;
    }

    private StaffUser staffUserNamed(String name) {
        return new StaffUser(name, "Staff", unique, null, Set.of(StaffRole.STAFF), Set.of(department));
    }

    /**
     * Buttons and links a reader could take for a write: shown, not the top bar's own. One script for the page (an
     * element's isDisplayed and getText were two chromedriver round trips each, for every button of every page).
     */
    @SuppressWarnings("unchecked")
    private List<String> writeControls() {
        List<String> shown = (List<String>) ((JavascriptExecutor) browser.driver()).executeScript("""
                return Array.from(document.querySelectorAll('main button, main a.button'))
                    .filter(function (e) {
                        return e.getClientRects().length > 0 && getComputedStyle(e).visibility === 'visible';
                    })
                    .map(function (e) { return e.innerText.trim(); });
                """);
        return shown.stream().filter(text -> !List.of("Search", "Filter", "Services of this client").contains(text))
                .toList();
    }

    private List<String> linkTargets() {
        return browser.findAll(By.cssSelector(".login-card a")).stream().map(a -> a.getDomAttribute("href")).toList();
    }

    private void assertEnded(String session, String path) {
        ResponseEntity<String> next = page(session, path);
        assertThat(next.getStatusCode().value()).as("another session of the user").isEqualTo(302);
        assertThat(next.getHeaders().getLocation().toString()).endsWith("/login?expired=password");
        assertThat(page(session, "/console").getHeaders().getLocation().getPath()).as("that session is gone")
                .isEqualTo("/login");
    }

    private ResponseEntity<String> page(String session, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.COOKIE, session);
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private static HttpEntity<String> json(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }
}
