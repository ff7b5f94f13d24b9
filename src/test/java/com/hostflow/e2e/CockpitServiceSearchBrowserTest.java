package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.common.time.ClockControl;
import com.hostflow.console.Browser;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Client;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.e2e.ServiceLifecycleEndToEndTest.ProductTypeSettings;
import com.hostflow.support.IntegrationTest;

/**
 * An admin finds a service in Cockpit from its id, in a real browser (Debian's chromium, headless): a VPS ordered and
 * opened through the API (its order and module operation have ended) and then deleted by its client at the end of the
 * paid period (that deletion waits, running). The "Services" page of HostFlow's Cockpit plugin lists all three, the
 * running one linked to its Cockpit page, the ended ones with what the history kept (the test
 * profile keeps every activity; LeanHistoryCockpitTest reads the same on production's lean level). A probe process
 * waits at a user task whose name is an expression, as the drift sync's task does: the page says where it waits with
 * the task's name as the engine resolved it.
 */
@IntegrationTest
class CockpitServiceSearchBrowserTest {

    private static final Login ADMIN = new Login("demo", "demo");
    private static final Duration MODULE_TIMERS = Duration.ofMinutes(2);
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);
    static final Duration PAGE_POLL = Duration.ofMillis(100);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    RepositoryService repository;

    @Autowired
    ClockControl clockControl;

    @LocalServerPort
    int port;

    EndToEndApi api;
    ProductTypeSettings productType;
    WebDriver browser;
    String probeId;

    @BeforeEach
    void setUp() {
        api = new EndToEndApi(http, runtime, management);
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
        clockControl.reset();
        if (probeId != null) {
            runtime.deleteProcessInstance(probeId, "test over");
        }
        if (productType != null) {
            productType.restore();
        }
    }

    @Test
    void anAdminFindsEveryProcessOfAServiceFromItsId() throws IOException {
        long serviceId = aServiceWithEndedAndRunningProcesses();
        String deletionId = runtime.createProcessInstanceQuery().processDefinitionKey("ServiceDeletionProcess")
                .processInstanceBusinessKey(Long.toString(serviceId)).singleResult().getId();
        probeId = aTaskNamedByAnExpression(serviceId);

        browser = chromium();
        WebDriverWait wait = new WebDriverWait(browser, PAGE_WAIT);
        // every look of a wait is a chromedriver round trip of a millisecond or two; WebDriverWait's 500 ms between
        // them left each step of Tasklist/Cockpit waiting on the clock, not on the page
        wait.pollingEvery(PAGE_POLL);
        logIntoCockpit(wait);

        // from the dashboard: type the id, find
        WebElement serviceField = wait.until(ExpectedConditions.elementToBeClickable(By.id("hostflow-service-id")));
        serviceField.sendKeys(Long.toString(serviceId));
        browser.findElement(By.id("hostflow-find-service")).click();

        WebElement summary = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".hostflow-summary")));
        assertThat(browser.getCurrentUrl()).endsWith("#/services?id=" + serviceId);
        assertThat(summary.getText()).isEqualTo("Service " + serviceId + ": 4 process instances, 2 running, 2 ended.");
        List<WebElement> rows = browser.findElements(By.cssSelector("tr.hostflow-instance"));
        assertThat(rows).extracting(row -> row.getAttribute("data-state"))
                .containsExactlyInAnyOrder("COMPLETED", "COMPLETED", "ACTIVE", "ACTIVE");

        // where it waits: the task's name as the engine resolved it, not the model's expression
        WebElement probe = row(probeId);
        wait.until(ExpectedConditions.textToBePresentInElement(probe, "task \"Look at service " + serviceId + "\""));
        assertThat(probe.findElement(By.cssSelector(".hostflow-activities")).getText())
                .isEqualTo("at: Look at service " + serviceId + " (userTask)");

        WebElement running = row(deletionId);
        wait.until(ExpectedConditions.textToBePresentInElement(running, "Period end, deletion now or withdrawn?"));
        assertThat(running.getText()).contains("Service deletion", "next step due");

        WebElement order = rows.stream().filter(r -> r.getText().startsWith("Service order")).findFirst()
                .orElseThrow();
        order.findElement(By.cssSelector(".hostflow-show-history")).click();
        WebElement history = wait.until(ExpectedConditions.visibilityOfNestedElementsLocatedBy(order,
                By.cssSelector(".hostflow-history-table"))).get(0);
        // textContent: rows below the fold of Cockpit's scroll pane are not "displayed" to Selenium, so no getText
        assertThat(history.getAttribute("textContent")).contains("Pay from the balance", "Open in the module",
                "Service active", "orderId");
        WebElement operation = rows.stream()
                .filter(r -> r.getAttribute("textContent").contains("Module operation")).findFirst()
                .orElseThrow();
        assertThat(operation.getAttribute("textContent")).as("the called instance follows its caller").contains("↳");
        screenshot("cockpit-service-search");
        // a second click folds the history away, so the running instance's link is in view again
        order.findElement(By.cssSelector(".hostflow-show-history")).click();
        wait.until(ExpectedConditions.stalenessOf(history));

        // one more click: the running instance's own Cockpit page
        running.findElement(By.cssSelector("a.hostflow-cockpit-link")).click();
        wait.until(ExpectedConditions.urlContains("#/process-instance/" + deletionId));
        wait.until(ExpectedConditions.stalenessOf(summary));
        // Cockpit's own instance page: the diagram of the deletion process with the instance's id beside it
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".bjs-container")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), deletionId));
        screenshot("cockpit-service-deletion-instance");
    }

    /** Ordered, paid and opened on the simulator (two ended instances), then deleted by its client (one waiting). */
    private long aServiceWithEndedAndRunningProcesses() {
        String unique = Long.toString(System.nanoTime(), 36);
        String moduleUser = "cockpit-" + unique + "@example.com";
        String modulePassword = "pw-" + unique;
        SimulatorAdmin.createAdministrator(http, moduleUser, modulePassword);
        Catalog catalog = api.catalog(ADMIN, port, unique, moduleUser, modulePassword);
        productType = ProductTypeSettings.deleteAtTheEndOfThePaidPeriod(api, ADMIN);
        Client client = api.client(ADMIN, catalog.providerId(), unique);
        api.pay(ADMIN, client.id(), "20.00");
        JsonNode order = api.ok(api.post(client.login(), "/api/v1/orders", Map.of("clientId", client.id(),
                "tariffId", catalog.tariffId(), "period", "MONTH", "params", Map.of("os", "debian-12"))));
        long serviceId = order.get("serviceId").asLong();
        api.awaitService(client.login(), ADMIN, serviceId, "ACTIVE, every process ended",
                s -> "ACTIVE".equals(s.get("status").asText()) && running(serviceId).isEmpty(), MODULE_TIMERS);
        api.ok(api.delete(client.login(), "/api/v1/services/" + serviceId));
        assertThat(running(serviceId)).extracting(ProcessInstance::getProcessDefinitionId)
                .singleElement().asString().startsWith("ServiceDeletionProcess:");
        return serviceId;
    }

    /** A process of the service waiting at a user task named "Look at service ${serviceId}". */
    private String aTaskNamedByAnExpression(long serviceId) {
        repository.createDeployment().name("cockpit-search-probe").addModelInstance("CockpitSearchProbe.bpmn",
                Bpmn.createExecutableProcess("CockpitSearchProbe").camundaHistoryTimeToLive(1)
                        .startEvent().userTask("Task_LookAtService").name("Look at service ${serviceId}")
                        .camundaCandidateGroups("support").endEvent().done())
                .enableDuplicateFiltering(true).deploy();
        return runtime.startProcessInstanceByKey("CockpitSearchProbe", Long.toString(serviceId),
                Map.of("serviceId", serviceId)).getId();
    }

    private List<ProcessInstance> running(long serviceId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(Long.toString(serviceId)).list();
    }

    private void logIntoCockpit(WebDriverWait wait) {
        browser.get("http://localhost:" + port + "/camunda/app/cockpit/default/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=text]")))
                .sendKeys(ADMIN.username());
        browser.findElement(By.cssSelector("input[type=password]")).sendKeys(ADMIN.password());
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("hostflow-services-nav")));
    }

    private WebElement row(String processInstanceId) {
        return browser.findElement(By.cssSelector("tr.hostflow-instance[data-instance-id='" + processInstanceId
                + "']"));
    }

    /**
     * Debian's chromium through Debian's chromedriver (nothing is downloaded at run time), with the console tests'
     * flags ({@link Browser#start}); images on, for the screenshots.
     */
    static WebDriver chromium() throws IOException {
        return Browser.start("1400,1000", true);
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
