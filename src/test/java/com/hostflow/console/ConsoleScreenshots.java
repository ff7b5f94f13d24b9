package com.hostflow.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.hostflow.billing.PaymentService;
import com.hostflow.catalog.DataCenterForm;
import com.hostflow.catalog.DataCenterService;
import com.hostflow.catalog.LoadChoicesForm;
import com.hostflow.catalog.ModuleChoices;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProcessingModuleForm;
import com.hostflow.catalog.ProcessingModuleService;
import com.hostflow.catalog.ProductTypeService;
import com.hostflow.catalog.ProductTypeView;
import com.hostflow.catalog.ProviderForm;
import com.hostflow.catalog.ProviderService;
import com.hostflow.catalog.TariffForm;
import com.hostflow.catalog.TariffService;
import com.hostflow.clients.ClientService;
import com.hostflow.clients.ClientService.ClientData;
import com.hostflow.common.web.IfMatch;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.ProductTypeRestore;

/**
 * Regenerates the screenshots of README's "Web console" section into {@code docs/screenshots/}:
 * {@code ./mvnw -B test -Dtest=ConsoleScreenshots -Dhostflow.screenshots=true}. Off in a normal build (it only takes
 * pictures; {@link WebConsoleBrowserTest} is the test).
 */
@IntegrationTest
@EnabledIfSystemProperty(named = "hostflow.screenshots", matches = "true")
class ConsoleScreenshots {

    static final Path FOLDER = Path.of("docs", "screenshots");
    static final String PASSWORD = "screenshot-password";

    @LocalServerPort
    int port;
    @Autowired
    DataCenterService dataCenters;
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
    ProductTypeService productTypes;
    @Autowired
    ModuleChoices moduleChoices;

    @Test
    void takeScreenshotsOfTheMainPages() throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 4);
        long dc = dataCenters.create(new DataCenterForm("Amsterdam", "ams1", 1, new DataCenterForm.Icon("NL", null)))
                .id();
        dataCenters.create(new DataCenterForm("Frankfurt", "fra1", 2, new DataCenterForm.Icon("DE", null)));
        long provider = providers.create(new ProviderForm("Example Hosting " + unique, "EUR")).id();
        long module = modules.create(new ProcessingModuleForm("vds", "vmmanager6", "VMmanager AMS KVM", dc, null, 1,
                new ProcessingModuleForm.Integration("http://localhost:" + port + "/simulator/vmmanager6",
                        "admin@example.com", "secret"), new ProcessingModuleForm.Settings("1", false, false),
                new ProcessingModuleForm.Queue(true, 2, "cluster"))).id();
        // as the demo does: the os choices from the module (the shared context's vds is put back at the end)
        ProductTypeView vds = productTypes.get("vds");
        moduleChoices.load("vds", new LoadChoicesForm("os", module), IfMatch.ANY);
        try {
            takeScreenshots(unique, provider, module);
        } finally {
            ProductTypeRestore.restore(productTypes, vds);
        }
    }

    private void takeScreenshots(String unique, long provider, long module) throws Exception {
        long tariff = tariffs.create(new TariffForm("vds", provider, null, "VPS-2", true, List.of(module), "vps-2",
                false, "vps{serviceId}.example.net", Map.of(Period.MONTH, new BigDecimal("10.00"), Period.YEAR,
                        new BigDecimal("100.00")), 0,
                List.of(new TariffForm.Addon("ram", 2048L, 1024L, 16384L, 1024L,
                        Map.of(Period.MONTH, new BigDecimal("2.00"))),
                        new TariffForm.Addon("cpu", 2L, 1L, 8L, 1L, Map.of(Period.MONTH, new BigDecimal("3.00"))),
                        new TariffForm.Addon("disk", 40960L, null, null, null, null),
                        new TariffForm.Addon("ipv4", 1L, null, null, null, null)))).id();
        String email = "client-" + unique + "@example.com";
        long client = clients.create(new ClientData(email, "Jane Client", "+31 20 555 0100", provider, PASSWORD))
                .getId();
        payments.receiveForClient(client, null, new BigDecimal("50.00"), "bank-" + unique);
        Files.createDirectories(FOLDER);

        try (Browser browser = new Browser(port)) {
            browser.open("/login");
            browser.screenshot(FOLDER.resolve("01-login.png"));

            browser.login(email, PASSWORD);
            browser.open("/my/order");
            browser.screenshot(FOLDER.resolve("10-my-shop.png"));
            browser.open("/my/order/" + tariff);
            browser.type(By.id("addon-ram"), "4096");
            browser.select(By.id("param-os"), "ubuntu-24.04");
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.text(By.id("price-amount")).equals("14.00"));
            browser.screenshot(FOLDER.resolve("11-my-order.png"));
            browser.click(By.id("place-order"));
            String servicePage = browser.driver().getCurrentUrl();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                browser.driver().get(servicePage);
                return browser.text(By.id("service-status")).equals("ACTIVE");
            });
            browser.screenshot(FOLDER.resolve("12-my-service.png"));
            browser.click(By.id("show-access"));
            browser.screenshot(FOLDER.resolve("16-my-access.png"));
            browser.driver().get(servicePage);
            browser.type(By.id("change-ram"), "8192");
            browser.click(By.id("review-change"));
            browser.screenshot(FOLDER.resolve("13-my-change-price.png"));
            browser.open("/my/billing");
            browser.screenshot(FOLDER.resolve("14-my-billing.png"));
            long serviceId = Long.parseLong(servicePage.substring(servicePage.lastIndexOf('/') + 1));

            browser.logout();
            browser.login("demo", "demo");
            browser.open("/console");
            browser.screenshot(FOLDER.resolve("02-console-overview.png"));
            browser.open("/console/datacenters");
            browser.screenshot(FOLDER.resolve("03-datacenters.png"));
            browser.open("/console/modules/" + module);
            browser.click(By.id("check-connection"));
            browser.screenshot(FOLDER.resolve("04-module.png"));
            browser.open("/console/product-types/vds");
            browser.screenshot(FOLDER.resolve("05-product-type.png"));
            browser.open("/console/tariffs/" + tariff);
            browser.screenshot(FOLDER.resolve("06-tariff.png"));
            browser.open("/console/services?clientId=" + client);
            browser.screenshot(FOLDER.resolve("07-services.png"));
            browser.open("/console/services/" + serviceId);
            browser.screenshot(FOLDER.resolve("08-service.png"));
            browser.open("/console/clients/" + client);
            browser.screenshot(FOLDER.resolve("09-client.png"));
            browser.open("/console/datacenters/new");
            browser.click(By.id("save"));
            browser.screenshot(FOLDER.resolve("15-field-problem.png"));
        }
        assertThat(Files.list(FOLDER).filter(p -> p.toString().endsWith(".png")).count()).isGreaterThanOrEqualTo(15);
    }
}
