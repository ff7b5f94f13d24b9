package com.hostflow.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ThrowingRunnable;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.hostflow.billing.AccountService;
import com.hostflow.billing.ManualCredits;
import com.hostflow.billing.PaymentService;
import com.hostflow.catalog.DataCenterForm;
import com.hostflow.catalog.DataCenterService;
import com.hostflow.catalog.DepartmentForm;
import com.hostflow.catalog.DepartmentService;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProcessingModuleForm;
import com.hostflow.catalog.ProcessingModuleService;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.catalog.ProductTypeView;
import com.hostflow.catalog.ProviderForm;
import com.hostflow.catalog.ProviderService;
import com.hostflow.catalog.TariffForm;
import com.hostflow.catalog.TariffService;
import com.hostflow.catalog.TariffView;
import com.hostflow.clients.ClientService;
import com.hostflow.clients.ClientService.ClientData;
import com.hostflow.common.time.ClockControl;
import com.hostflow.common.web.IfMatch;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.services.ServiceQueries;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IsolatedIntegrationTest;
import com.hostflow.users.StaffRole;
import com.hostflow.users.StaffUser;
import com.hostflow.users.StaffUserService;

/**
 * The console and the client area in a real browser (Debian's headless chromium through chromedriver) against the
 * running application: an admin sets up the catalog through the pages, a client orders, sees the service turn
 * ACTIVE, changes RAM with the prorated price shown first, deletes it, keeps it after all and deletes it again (an
 * admin withdraws that deletion in the console, the client deletes once more); the role rules hold.
 */
@IsolatedIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebConsoleBrowserTest {

    static final Duration PROVISIONING = Duration.ofSeconds(60);
    /** How often a page waiting for the module is read again (each read reloads it in the browser). */
    static final Duration PAGE_POLL = Duration.ofMillis(250);
    /** Timers due within this are the module's polls and back-offs, run at once while a page waits for them. */
    static final Duration NEAR = Duration.ofMinutes(1);
    private static final Pattern SERVICE_PAGE = Pattern.compile("/services/(\\d+)");
    static final String PASSWORD = "browser-password-1";

    @LocalServerPort
    int port;
    @Autowired
    ProviderService providers;
    @Autowired
    ProcessingModuleService modules;
    @Autowired
    DataCenterService dataCenters;
    @Autowired
    ProductTypeService productTypes;
    @Autowired
    TariffService tariffs;
    @Autowired
    ClientService clients;
    @Autowired
    PaymentService payments;
    @Autowired
    AccountService accounts;
    @Autowired
    ManualCredits credits;
    @Autowired
    StaffUserService staffUsers;
    @Autowired
    DepartmentService departments;
    @Autowired
    ClockControl clock;
    @Autowired
    ServiceQueries services;
    @Autowired
    com.hostflow.credentials.ServiceCredentials credentials;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    VmManager6Simulator simulator;

    final String unique = UUID.randomUUID().toString().substring(0, 8);
    Browser browser;
    long providerId;

    @BeforeAll
    void startBrowser() throws Exception {
        browser = Browser.withoutImages(port);
        providerId = providers.create(new ProviderForm("Browser hosting " + unique, "EUR")).id();
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
    }

    @Test
    void adminSetsUpDataCenterModuleProductTypeAndTariffThroughThePages() {
        browser.login("demo", "demo");
        assertThat(browser.text(By.id("current-user"))).isEqualTo("demo");

        // step 1: a data center; a missing name comes back beside the name field, nothing saved
        browser.open("/console/datacenters");
        browser.click(By.id("new-datacenter"));
        browser.clickInPage(By.cssSelector("input[name=iconKind][value=FLAG]"));
        browser.select(By.id("countryCode"), "DE");
        browser.click(By.id("save"));
        assertThat(browser.fieldErrors("name")).containsExactly("must not be blank");
        assertThat(browser.find(By.id("name")).getAttribute("class")).contains("invalid");
        String dataCenter = "Frankfurt " + unique;
        browser.type(By.id("name"), dataCenter);
        browser.type(By.id("externalId"), "fra-" + unique);
        browser.click(By.id("save"));
        assertThat(browser.text(By.id("notice"))).contains(dataCenter);
        assertThat(browser.text(By.id("datacenters"))).contains(dataCenter, "🇩🇪");
        long dataCenterId = dataCenters.list().stream().filter(d -> d.name().equals(dataCenter)).findFirst()
                .orElseThrow().id();

        // step 2: a VMmanager 6 module on the simulator; "Check connection" shows the module's answer
        browser.open("/console/modules/new");
        browser.select(By.id("productType"), "vds");
        browser.select(By.id("moduleType"), "vmmanager6");
        String moduleName = "VM " + unique;
        browser.type(By.id("name"), moduleName);
        browser.select(By.id("dataCenterId"), Long.toString(dataCenterId));
        browser.type(By.id("sortOrder"), "5");
        browser.type(By.id("integration.url"), "http://localhost:" + port + "/simulator/vmmanager6");
        browser.type(By.id("integration.username"), "admin@example.com");
        browser.type(By.id("integration.password"), "secret");
        browser.type(By.id("settings.cluster"), "1");
        browser.check(By.id("queue.runInQueue1"), true);
        browser.type(By.id("queue.queues"), "2");
        browser.click(By.id("save"));
        assertThat(browser.text(By.id("notice"))).contains(moduleName);
        assertThat(browser.find(By.id("integration.password")).getAttribute("value")).isEmpty();
        browser.click(By.id("check-connection"));
        assertThat(browser.text(By.id("connection-check"))).contains("Connection works");
        var module = modules.list().stream().filter(m -> m.name().equals(moduleName)).findFirst().orElseThrow();
        assertThat(module.integration().passwordSet()).isTrue();
        assertThat(module.queue().runInQueue()).isTrue();
        assertThat(module.queue().queues()).isEqualTo(2);

        // step 3: a product type with a resource and a required parameter
        String code = "web-" + unique;
        browser.open("/console/product-types/new");
        browser.type(By.id("code"), code);
        browser.type(By.id("name"), "Web hosting " + unique);
        browser.select(By.id("trialPolicy"), "ONE_PER_PRODUCT_TYPE");
        browser.type(By.id("autoDeletionDays"), "14");
        browser.select(By.id("clientDeletion"), "PHONE_VERIFIED");
        browser.check(By.cssSelector("input[name=orderPeriods][value=YEAR]"), true);
        browser.typeByName("resources[0].code", "quota");
        browser.typeByName("resources[0].name", "Disk quota");
        browser.typeByName("resources[0].unit", "GiB");
        browser.typeByName("parameters[0].code", "domain");
        browser.typeByName("parameters[0].name", "Domain");
        browser.check(By.name("parameters[0].required"), true);
        browser.click(By.id("save"));
        assertThat(browser.text(By.id("notice"))).contains("Web hosting " + unique);
        ProductTypeView type = productTypes.get(code);
        assertThat(type.orderPeriods()).isEqualTo(EnumSet.of(Period.MONTH, Period.YEAR));
        assertThat(type.resources()).extracting(ProductTypeView.Resource::code).containsExactly("quota");
        assertThat(type.parameters())
                .containsExactly(new ProductTypeView.Parameter("domain", "Domain", true, List.of()));

        // step 4: a tariff of the module's product type with prices and a RAM add-on
        browser.open("/console/tariffs/new");
        browser.select(By.id("productType"), "vds");
        browser.click(By.id("choose-product-type"));
        String tariffName = "VPS " + unique;
        browser.type(By.id("name"), tariffName);
        browser.select(By.id("providerId"), Long.toString(providerId));
        browser.check(By.cssSelector("input[name=processingModuleIds][value='" + module.id() + "']"), true);
        browser.type(By.id("prices-MONTH"), "10.00");
        browser.type(By.id("prices-YEAR"), "100.001");
        browser.select(By.name("addons[0].resource"), "ram");
        browser.typeByName("addons[0].included", "1024");
        browser.typeByName("addons[0].min", "1024");
        browser.typeByName("addons[0].max", "4096");
        browser.typeByName("addons[0].step", "1024");
        browser.typeByName("addons[0].prices[MONTH]", "2.00");
        browser.click(By.id("save"));
        assertThat(browser.fieldErrors("prices.YEAR")).isNotEmpty();
        browser.type(By.id("prices-YEAR"), "100.00");
        browser.click(By.id("save"));
        assertThat(browser.text(By.id("notice"))).contains(tariffName);
        TariffView tariff = tariffs.list("vds", providerId, null, null).stream()
                .filter(t -> t.name().equals(tariffName)).findFirst().orElseThrow();
        assertThat(tariff.prices()).isEqualTo(Map.of(Period.MONTH, new BigDecimal("10.00"),
                Period.YEAR, new BigDecimal("100.00")));
        assertThat(tariff.processingModuleIds()).containsExactly(module.id());
        assertThat(tariff.addons()).containsExactly(new TariffView.Addon("ram", 1024, 1024, 4096, 1024,
                Map.of(Period.MONTH, new BigDecimal("2.00"))));
    }

    @Test
    void clientOrdersSeesItActiveChangesRamWithTheProratedPriceAndDeletesIt() {
        long tariffId = vpsTariff("Shop " + unique);
        String email = "shopper-" + unique + "@example.com";
        long clientId = clients.create(new ClientData(email, "Shopper " + unique, "+31 20 555 0101", providerId,
                PASSWORD)).getId();
        payments.receiveForClient(clientId, null, new BigDecimal("30.00"), "browser-" + unique);

        browser.login(email, PASSWORD);
        assertThat(browser.driver().getCurrentUrl()).endsWith("/my");
        browser.open("/my/order");
        browser.click(By.cssSelector("a[data-tariff='Shop " + unique + "']"));
        assertThat(browser.text(By.id("price-amount"))).isEqualTo("10.00");
        // the server prices every change live; a value off the step grid is named beside the field
        browser.type(By.id("addon-ram"), "1500");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(browser.fieldErrors("addons.ram")).isNotEmpty());
        browser.type(By.id("addon-ram"), "2048");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(browser.text(By.id("price-amount"))).isEqualTo("12.00");
            assertThat(browser.fieldErrors("addons.ram")).isEmpty();
        });
        assertThat(browser.find(By.id("price-short")).isDisplayed()).isFalse();
        browser.type(By.id("param-os"), "ubuntu-24.04");
        browser.click(By.id("place-order"));
        assertThat(browser.text(By.id("notice"))).contains("Order placed");
        String servicePage = browser.driver().getCurrentUrl();
        long serviceId = Long.parseLong(servicePage.substring(servicePage.lastIndexOf('/') + 1));

        awaitStatus(servicePage, "ACTIVE");
        assertThat(browser.text(By.id("service-address"))).containsPattern("\\d+\\.\\d+\\.\\d+\\.\\d+");
        // a label without its value shifted every fact below it by one row
        assertThat(browser.pageText()).doesNotContain("Suspended for");
        assertThat(browser.text(By.id("balance"))).isEqualTo("18.00 EUR");

        // RAM up: the prorated price is shown before anything is charged
        browser.type(By.id("change-ram"), "4096");
        browser.click(By.id("review-change"));
        assertThat(browser.text(By.id("prorated"))).contains("Charged now");
        String prorated = browser.text(By.id("prorated-amount"));
        assertThat(new BigDecimal(prorated)).isEqualByComparingTo("4.00");
        assertThat(browser.pageText()).contains("18.00 EUR");
        browser.click(By.id("confirm-change"));
        assertThat(browser.text(By.id("notice"))).contains(prorated + " charged");
        awaitPage(serviceId, () -> {
            browser.open("/my/services/" + serviceId);
            assertThat(browser.text(By.id("service-addons"))).contains("ram 4096");
            assertThat(browser.text(By.id("service-status"))).isEqualTo("ACTIVE");
            assertThat(browser.findAll(By.id("review-change"))).isNotEmpty();
        });
        assertThat(browser.text(By.id("balance"))).isEqualTo("14.00 EUR");

        // the root password the module was given, on a page of its own; a new one set through the module
        browser.click(By.id("show-access"));
        String rootPassword = browser.text(By.id("access-root-password"));
        assertThat(rootPassword).isNotBlank().isEqualTo(credentials.reveal(serviceId).rootPassword());
        browser.clickAndConfirm(By.id("reset-root-password"));
        assertThat(browser.text(By.id("notice"))).contains("new root password is being set");
        awaitPage(serviceId, () -> {
            browser.open("/my/services/" + serviceId + "/credentials");
            assertThat(browser.text(By.id("access-root-password"))).isNotBlank().isNotEqualTo(rootPassword);
        });
        browser.open("/my/services/" + serviceId);

        // delete as vds allows a client: at the end of the paid period, then the module closes it; until then the
        // client may keep it after all (and delete it again)
        browser.clickAndConfirm(By.id("delete-service"));
        assertThat(browser.text(By.id("notice"))).contains("end of its paid period");
        Instant paidUntil = services.service(serviceId).getPaidUntil();
        assertThat(browser.text(By.id("service-delete-at"))).isEqualTo(
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC).format(paidUntil) + " UTC");
        assertThat(browser.findAll(By.id("delete-service"))).isEmpty();
        assertThat(browser.findAll(By.id("prolong"))).isEmpty();
        browser.click(By.id("keep-service"));
        assertThat(browser.text(By.id("notice"))).contains("deletion is withdrawn");
        assertThat(services.service(serviceId).getDeleteAt()).isNull();
        assertThat(browser.findAll(By.id("keep-service"))).isEmpty();
        browser.clickAndConfirm(By.id("delete-service"));
        assertThat(browser.text(By.id("notice"))).contains("end of its paid period");
        // an admin sees the date on the console's page and may withdraw the client's deletion too
        browser.logout();
        browser.loginOverHttp("demo", "demo");
        browser.open("/console/services/" + serviceId);
        assertThat(browser.text(By.id("service-delete-at"))).endsWith(" UTC");
        browser.click(By.id("keep-service"));
        assertThat(browser.text(By.id("notice"))).contains("Deletion withdrawn");
        assertThat(services.service(serviceId).getDeleteAt()).isNull();
        assertThat(browser.findAll(By.id("service-delete-at"))).isEmpty();
        browser.logout();
        browser.loginOverHttp(email, PASSWORD);
        browser.open("/my/services/" + serviceId);
        browser.clickAndConfirm(By.id("delete-service"));
        assertThat(browser.text(By.id("notice"))).contains("end of its paid period");
        try {
            clock.moveTo(paidUntil.plus(1, ChronoUnit.MINUTES));
            awaitStatus(servicePage, "DELETED");
        } finally {
            clock.reset();
        }
        assertThat(browser.findAll(By.id("delete-service"))).isEmpty();
    }

    /**
     * The client pays the price its page shows: an admin who raises the tariff's price while the order page is open
     * sends the order back with the new price, nothing charged (it used to be placed at the price never shown); the
     * second click orders at the new price.
     */
    @Test
    void anOrderWhosePriceAnAdminChangedMeanwhileComesBackWithTheNewPrice() {
        long tariffId = vpsTariff("Repriced " + unique);
        String email = "repriced-" + unique + "@example.com";
        long clientId = clients.create(new ClientData(email, "Repriced " + unique, null, providerId, PASSWORD))
                .getId();
        payments.receiveForClient(clientId, null, new BigDecimal("30.00"), "repriced-" + unique);
        browser.loginOverHttp(email, PASSWORD);
        browser.open("/my/order/" + tariffId);
        browser.type(By.id("param-os"), "ubuntu-24.04");
        browser.type(By.id("addon-ram"), "2048");
        // the live price of the last input (had it asked after the admin's change, the page would show 17.00)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(browser.text(By.id("price-amount"))).isEqualTo("12.00"));

        tariffs.update(tariffId, vpsTariffForm("Repriced " + unique, tariffs.get(tariffId).processingModuleIds(),
                "15.00"), IfMatch.ANY);
        browser.click(By.id("place-order"));

        assertThat(browser.pageText()).contains("this order now costs 17.00 EUR, not the 12.00 shown");
        assertThat(browser.text(By.id("price-amount"))).isEqualTo("17.00");
        assertThat(services.services(clientId, null, null, 0, 10).getTotalElements()).isZero();
        browser.click(By.id("place-order"));
        assertThat(browser.text(By.id("notice"))).contains("Order placed and paid");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(accounts.account(clientId, providerId)
                .balance()).isEqualTo(new BigDecimal("13.00")));
    }

    /** An order the balance does not cover: its page says what it waits for, not that it is being set up. */
    @Test
    void aClientsUnpaidOrderSaysWhatItWaitsFor() {
        long tariffId = vpsTariff("Unpaid " + unique);
        String email = "unpaid-" + unique + "@example.com";
        clients.create(new ClientData(email, "Unpaid " + unique, null, providerId, PASSWORD));

        browser.loginOverHttp(email, PASSWORD);
        browser.open("/my/order/" + tariffId);
        browser.type(By.id("param-os"), "ubuntu-24.04");
        browser.click(By.id("place-order"));

        assertThat(browser.text(By.id("service-status"))).isEqualTo("ORDERED");
        assertThat(browser.text(By.id("awaiting-payment"))).contains("waits for your payment of 10.00 EUR")
                .contains(" UTC");
        assertThat(browser.pageText()).doesNotContain("being set up");
        assertThat(browser.findAll(By.id("show-access"))).isEmpty();

        // changed their mind: the order is cancelled at once, nothing charged
        assertThat(browser.text(By.id("delete-service"))).isEqualTo("Cancel this order");
        browser.clickAndConfirm(By.id("delete-service"));
        assertThat(browser.text(By.id("notice"))).contains("order is being cancelled");
        String servicePage = browser.driver().getCurrentUrl();
        awaitStatus(servicePage, "DELETED");
        assertThat(browser.findAll(By.id("awaiting-payment"))).isEmpty();
    }

    /** A failed order's service page said nothing: not that it failed, nor that the money went back. */
    @Test
    void aClientsFailedOrderSaysItFailedAndThatTheMoneyWentBack() {
        long tariffId = vpsTariff("Failing " + unique, false);
        String email = "failed-" + unique + "@example.com";
        long clientId = clients.create(new ClientData(email, "Failed " + unique, null, providerId, PASSWORD)).getId();
        payments.receiveForClient(clientId, null, new BigDecimal("10.00"), "failed-" + unique);

        browser.loginOverHttp(email, PASSWORD);
        browser.open("/my/order/" + tariffId);
        browser.type(By.id("param-os"), "ubuntu-24.04");
        browser.click(By.id("place-order"));
        awaitStatus(browser.driver().getCurrentUrl(), "FAILED");

        assertThat(browser.text(By.id("setup-failed"))).contains("could not set up this service of order #")
                .contains("The 10.00 EUR you paid for it went back to your balance");
    }

    /** The order form's live price after its session expired: it says so instead of keeping the last price. */
    @Test
    void theOrderFormSaysWhenItsPriceCannotBeComputedAfterTheSessionExpired() {
        long tariffId = vpsTariff("Expiring shop " + unique);
        String email = "expiring-" + unique + "@example.com";
        clients.create(new ClientData(email, "Expiring " + unique, null, providerId, PASSWORD));
        browser.loginOverHttp(email, PASSWORD);
        browser.open("/my/order/" + tariffId);
        assertThat(browser.text(By.id("price-amount"))).isEqualTo("10.00");

        browser.logout();
        browser.type(By.id("addon-ram"), "2048");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            // it kept showing 10.00, the price of 1024 MiB, while the form said 2048
            assertThat(browser.text(By.id("price-amount"))).isEqualTo("–");
            assertThat(browser.find(By.id("price-unavailable")).isDisplayed()).isTrue();
        });
    }

    @Test
    void aClientNeverSeesTheConsoleAndStaffOnlyRead() {
        String email = "curious-" + unique + "@example.com";
        clients.create(new ClientData(email, "Curious " + unique, null, providerId, PASSWORD));
        browser.loginOverHttp(email, PASSWORD);
        for (String page : List.of("/console", "/console/clients", "/console/services", "/console/datacenters/new",
                "/console/audit")) {
            browser.open(page);
            assertThat(browser.findAll(By.id("denied"))).as(page).hasSize(1);
            assertThat(browser.pageText()).as(page).doesNotContain("Curious", "Demo Client", "Log out");
        }
        String token = tokenFromMyArea();
        assertThat(browser.fetchStatus("POST", "/console/datacenters/new", "name=Sneaky&_csrf=" + token))
                .isEqualTo(403);
        assertThat(dataCenters.list()).noneMatch(d -> d.name().equals("Sneaky"));

        // staff: reads the console, sees no write action, and a write answers 403
        browser.logout();
        String staff = "staff-" + unique;
        String department = "desk-" + unique;
        departments.create(new DepartmentForm("Desk " + unique, department));
        staffUsers.create(new StaffUser(staff, "Staff", unique, null, Set.of(StaffRole.STAFF), Set.of(department)),
                PASSWORD);
        browser.login(staff, PASSWORD);
        assertThat(browser.driver().getCurrentUrl()).endsWith("/console");
        browser.open("/console/tariffs");
        assertThat(browser.findAll(By.id("tariffs"))).hasSize(1);
        assertThat(browser.findAll(By.id("new-tariff"))).isEmpty();
        browser.open("/console/datacenters");
        assertThat(browser.findAll(By.id("new-datacenter"))).isEmpty();
        browser.open("/console/audit");
        assertThat(browser.findAll(By.id("denied"))).hasSize(1);
        browser.open("/console");
        assertThat(browser.fetchStatus("POST", "/console/datacenters/new",
                "name=Staff+DC&_csrf=" + browser.csrfToken())).isEqualTo(403);
        browser.open("/my");
        assertThat(browser.findAll(By.id("denied"))).hasSize(1);
        assertThat(dataCenters.list()).noneMatch(d -> d.name().equals("Staff DC"));

        // nobody logged in: the login page, never a page
        browser.logout();
        browser.open("/console/clients");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login");
        browser.open("/my/billing");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login");
    }

    /**
     * Names, references and descriptions of the most their columns take, without a space (a pasted id, a careless
     * admin): they wrap in their card or cell, and no page grows wider than the window.
     */
    @Test
    void aLongTextWithoutSpacesWrapsInsteadOfWideningThePage() {
        String tariffName = "Long" + "W".repeat(96);
        vpsTariff(tariffName);
        String email = "long-" + unique + "@example.com";
        long clientId = clients.create(new ClientData(email, "Long " + unique, null, providerId, PASSWORD)).getId();
        payments.receiveForClient(clientId, null, new BigDecimal("1.00"), "long-" + "R".repeat(90));
        credits.give(clientId, null, new BigDecimal("0.01"), "W".repeat(255), null);

        browser.loginOverHttp(email, PASSWORD);
        for (String page : List.of("/my/order", "/my/billing")) {
            browser.open(page);
            assertThat(browser.pageText()).as(page).contains("WWWWWWWWWW");
            assertThat(browser.overflowingWidth()).as(page).isZero();
        }
        browser.logout();
        browser.loginOverHttp("demo", "demo");
        for (String page : List.of("/console/tariffs", "/console/clients/" + clientId)) {
            browser.open(page);
            assertThat(browser.overflowingWidth()).as(page).isZero();
        }
    }

    /**
     * At a phone's width every page keeps its navigation and needs no sideways scrolling: the console's side menu
     * was hidden below 900 px with nothing in its place, so an admin on a narrow window could not leave the page.
     */
    @Test
    void atANarrowWidthEveryPageKeepsItsNavigationAndFitsTheWindow() {
        vpsTariff("Narrow " + unique);
        String email = "narrow-" + unique + "@example.com";
        clients.create(new ClientData(email, "Narrow " + unique, null, providerId, PASSWORD));
        Dimension before = browser.driver().manage().window().getSize();
        browser.driver().manage().window().setSize(new Dimension(400, 800));
        try {
            browser.loginOverHttp(email, PASSWORD);
            for (String page : List.of("/my", "/my/order", "/my/billing", "/my/password")) {
                browser.open(page);
                assertThat(browser.overflowingWidth()).as(page).isZero();
                assertThat(browser.find(By.linkText("Order")).isDisplayed()).as(page).isTrue();
                assertThat(browser.find(By.id("logout")).isDisplayed()).as(page).isTrue();
            }
            browser.logout();
            browser.loginOverHttp("demo", "demo");
            for (String page : List.of("/console", "/console/tariffs", "/console/services", "/console/clients",
                    "/console/audit")) {
                browser.open(page);
                assertThat(browser.overflowingWidth()).as(page).isZero();
                assertThat(browser.find(By.linkText("Tariffs")).isDisplayed()).as(page).isTrue();
                assertThat(browser.find(By.id("logout")).isDisplayed()).as(page).isTrue();
            }
        } finally {
            browser.driver().manage().window().setSize(before);
        }
    }

    /**
     * A page left open until its session expired (here: the session cookie dropped) is sent anyway: the login page
     * says the session has ended and nothing was taken, never "Not allowed"; a form from before the last login is
     * "out of date"; a logout is a logout.
     */
    @Test
    void aFormSentAfterTheSessionExpiredAsksToLogInAgainAndChangesNothing() {
        String email = "expired-" + unique + "@example.com";
        clients.create(new ClientData(email, "Expired " + unique, null, providerId, PASSWORD));

        // the login page itself, left open too long
        browser.open("/login");
        browser.logout();
        browser.type(By.id("username"), email);
        browser.type(By.id("password"), PASSWORD);
        browser.click(By.id("login-button"));
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login?expired");
        assertThat(browser.text(By.id("login-expired"))).contains("Your session has ended");
        browser.login(email, PASSWORD);
        assertThat(browser.driver().getCurrentUrl()).endsWith("/my");

        // a form of the client area whose session expired: nothing changes, the login page says why
        browser.open("/my/password");
        browser.logout();
        fillPasswordForm(PASSWORD, "expired-new-password", "expired-new-password");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login?expired");
        assertThat(browser.findAll(By.id("login-expired"))).hasSize(1);
        browser.login(email, PASSWORD);
        assertThat(browser.driver().getCurrentUrl()).as("the password is unchanged").endsWith("/my");

        // logged in again, a form holding the token of the session before: out of date, nothing changed
        browser.open("/my/password");
        String before = browser.csrfToken();
        browser.logout();
        browser.login(email, PASSWORD);
        browser.open("/my/password");
        ((JavascriptExecutor) browser.driver()).executeScript(
                "document.querySelectorAll('input[name=_csrf]').forEach(function (i) { i.value = arguments[0]; })",
                before);
        fillPasswordForm(PASSWORD, "expired-new-password", "expired-new-password");
        assertThat(browser.findAll(By.id("stale-form"))).hasSize(1);
        assertThat(browser.findAll(By.id("denied"))).isEmpty();

        // a logout after the session expired: logged out, as asked
        browser.open("/my");
        browser.logout();
        browser.click(By.id("logout"));
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login?logout");
        browser.login(email, PASSWORD);
        assertThat(browser.driver().getCurrentUrl()).as("the password is still unchanged").endsWith("/my");
    }

    @Test
    void aClientAndStaffChangeTheirOwnPasswordInThePages() {
        String email = "rekeyed-" + unique + "@example.com";
        clients.create(new ClientData(email, "Rekeyed " + unique, null, providerId, PASSWORD));
        changePasswordInThePages(email, "/my/password", "client-new-password");
        browser.login(email, "client-new-password");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/my");
        assertOldPasswordRefused(email);

        browser.logout();
        String staff = "rekeyed-staff-" + unique;
        String desk = "rekeyed-desk-" + unique;
        departments.create(new DepartmentForm("Rekeyed desk " + unique, desk));
        staffUsers.create(new StaffUser(staff, "Staff", unique, null, Set.of(StaffRole.STAFF), Set.of(desk)),
                PASSWORD);
        changePasswordInThePages(staff, "/console/password", "staff-new-password");
        browser.login(staff, "staff-new-password");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/console");
        assertOldPasswordRefused(staff);
    }

    /** Last: a failed login makes the engine hold the user's next login back for a few seconds. */
    private void assertOldPasswordRefused(String login) {
        browser.logout();
        browser.login(login, PASSWORD);
        assertThat(browser.driver().getCurrentUrl()).as("the old password no longer logs in").contains("/login");
        browser.logout();
    }

    /** Logs in, follows the top bar's link, fails twice (a wrong current password, two different new ones), then changes it. */
    private void changePasswordInThePages(String login, String page, String newPassword) {
        browser.login(login, PASSWORD);
        browser.click(By.id("my-password"));
        assertThat(browser.driver().getCurrentUrl()).endsWith(page);

        fillPasswordForm("not-my-password", newPassword, newPassword);
        assertThat(browser.fieldErrors("currentPassword")).containsExactly("is not your current password");
        fillPasswordForm(PASSWORD, newPassword, newPassword + "-typo");
        assertThat(browser.fieldErrors("newPasswordAgain")).containsExactly("does not match the new password");
        fillPasswordForm(PASSWORD, newPassword, newPassword);
        assertThat(browser.text(By.id("notice"))).isEqualTo("Your password was changed.");
        browser.logout();
    }

    private void fillPasswordForm(String current, String newPassword, String again) {
        browser.type(By.id("currentPassword"), current);
        browser.type(By.id("newPassword"), newPassword);
        browser.type(By.id("newPasswordAgain"), again);
        browser.click(By.id("change-password"));
    }

    private String tokenFromMyArea() {
        browser.open("/my");
        return browser.csrfToken();
    }

    private void awaitStatus(String servicePage, String status) {
        Matcher service = SERVICE_PAGE.matcher(servicePage);
        awaitPage(service.find() ? Long.parseLong(service.group(1)) : -1, () -> {
            browser.driver().get(servicePage);
            assertThat(browser.text(By.id("service-status"))).isEqualTo(status);
        });
    }

    /**
     * Reads the page until it shows what the module did: from the first look on, with VMmanager's running tasks
     * finished and the module's poll timers run at once (the tasks' 200 ms and the polls' waits of seconds are the
     * module's latency, not what the page shows).
     */
    private void awaitPage(long serviceId, ThrowingRunnable pageShows) {
        await().atMost(PROVISIONING).pollDelay(Duration.ZERO).pollInterval(PAGE_POLL).untilAsserted(() -> {
            simulator.finishRunningTasks();
            runNearTimers(serviceId);
            // while the module is still at work the page cannot show its outcome yet: no reload of the page (a page
            // load costs the browser more CPU than the whole look at the engine)
            assertThat(moduleOperationsOf(serviceId)).as("module operations of service %d at work", serviceId)
                    .isZero();
            pageShows.run();
        });
    }

    private long moduleOperationsOf(long serviceId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(ModuleOperationProcess.KEY)
                .processInstanceBusinessKey(Long.toString(serviceId)).count();
    }

    /**
     * Runs the service's timers due within {@link #NEAR} now (module polls and back-offs), as {@code SimulatedVps}
     * does; a far timer (a deletion waiting for the end of the paid period, an order for its payment) keeps waiting.
     */
    private void runNearTimers(long serviceId) {
        Date soon = new Date(ClockUtil.getCurrentTime().getTime() + NEAR.toMillis());
        for (ProcessInstance instance : runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(Long.toString(serviceId)).list()) {
            for (Job job : management.createJobQuery().processInstanceId(instance.getId()).timers()
                    .duedateLowerThan(soon).list()) {
                try {
                    management.executeJob(job.getId());
                } catch (RuntimeException e) {
                    // the job executor took it at the same moment, or it is gone: the next round looks again
                }
            }
        }
    }

    private long dataCenter() {
        return dataCenters.create(new DataCenterForm("DC for " + unique + System.nanoTime(), null, 1, null)).id();
    }

    /** A vds tariff of the test's provider on a VMmanager 6 module that points at the simulator. */
    private long vpsTariff(String name) {
        return vpsTariff(name, true);
    }

    /** Without a module, no module can serve its orders: they fail and are refunded. */
    private long vpsTariff(String name, boolean withModule) {
        List<Long> moduleIds = !withModule ? List.of() : List.of(modules.create(new ProcessingModuleForm("vds",
                "vmmanager6", "VM for " + name, dataCenter(), null, 1, new ProcessingModuleForm.Integration(
                        "http://localhost:" + port + "/simulator/vmmanager6", "admin@example.com", "secret"),
                new ProcessingModuleForm.Settings("1", false, false),
                new ProcessingModuleForm.Queue(false, null, null))).id());
        return tariffs.create(vpsTariffForm(name, moduleIds, "10.00")).id();
    }

    private TariffForm vpsTariffForm(String name, List<Long> moduleIds, String monthly) {
        return new TariffForm("vds", providerId, null, name, true, moduleIds, null, false,
                "vps{serviceId}.browser.example.net", Map.of(Period.MONTH, new BigDecimal(monthly)), 0,
                List.of(new TariffForm.Addon("ram", 1024L, 1024L, 8192L, 1024L,
                        Map.of(Period.MONTH, new BigDecimal("2.00"))),
                        new TariffForm.Addon("cpu", 1L, 1L, 4L, 1L, Map.of(Period.MONTH, new BigDecimal("3.00"))),
                        new TariffForm.Addon("disk", 20480L, null, null, null, null),
                        new TariffForm.Addon("ipv4", 1L, null, null, null, null)));
    }
}
