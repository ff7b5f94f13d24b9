package com.hostflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.e2e.EndToEndApi.Catalog;
import com.hostflow.e2e.EndToEndApi.Client;
import com.hostflow.e2e.EndToEndApi.Login;
import com.hostflow.lifecycle.ExternalTaskWakeUp;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.simulator.vmmanager6.SimulatorControl;
import com.hostflow.simulator.vmmanager6.VmManager6Simulator;
import com.hostflow.support.IntegrationTest;

/**
 * A member of the department works a failed VPS creation in Tasklist, in a real browser (Debian's chromium,
 * headless): every creation of the VM fails in VMmanager, the module operation's retries run out and the failure
 * policy hands it to the module's department. The staff member finds the task in the department's filter, reads which
 * service, client, tariff and what VMmanager said, claims it, chooses "retry" once the fault is gone — and the service
 * becomes ACTIVE on one fresh VM, the broken one removed.
 */
@IntegrationTest
class DepartmentTaskBrowserTest {

    private static final Login ADMIN = new Login("demo", "demo");
    private static final String STAFF_PASSWORD = "staff-browser-pass-1";
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);
    private static final Duration PAGE_POLL = CockpitServiceSearchBrowserTest.PAGE_POLL;
    private static final Duration MODULE_TIMERS = Duration.ofMinutes(2);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @Autowired
    TestRestTemplate http;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    TaskService tasks;

    @Autowired
    VmManager6Simulator simulator;

    @Autowired
    ExternalTaskWakeUp workerWakeUp;

    @LocalServerPort
    int port;

    EndToEndApi api;
    SimulatorControl simulatorBefore;
    WebDriver browser;

    @BeforeEach
    void setUp() {
        // each retry's call is fetched at once after its back-off, not at the worker's next idle wake-up (up to 1 s)
        api = new EndToEndApi(http, runtime, management).wakingTheWorkerWith(workerWakeUp::signal);
        simulatorBefore = simulator.control();
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
        simulator.control(simulatorBefore);
    }

    @Test
    void staffRetryAFailedCreationFromTasklistOnceTheFaultIsGone() throws IOException {
        String unique = Long.toString(System.nanoTime(), 36);
        Catalog catalog = api.catalogWithStaff(ADMIN, port, unique, STAFF_PASSWORD);
        String staff = "staff-" + unique;
        Client client = api.client(ADMIN, catalog.providerId(), unique);
        api.pay(ADMIN, client.id(), "20.00");

        // VMmanager fails every task: the creation fails, the retries run out, the department gets the task
        simulator.control(new SimulatorControl(1.0, 20, false));
        JsonNode order = api.ok(api.post(client.login(), "/api/v1/orders", Map.of("clientId", client.id(),
                "tariffId", catalog.tariffId(), "period", "MONTH", "params", Map.of("os", "debian-12"))));
        long serviceId = order.get("serviceId").asLong();
        Task task = api.awaitFailedOperationTask(tasks, serviceId, MODULE_TIMERS);
        String openKey = (String) runtime.getVariable(task.getProcessInstanceId(), ModuleOperationProcess.OPERATION_KEY);
        assertThat(simulator.hostsWithComment(openKey)).singleElement()
                .satisfies(host -> assertThat(host).containsEntry("state", "create_failed"));

        // the staff member opens the department's filter in Tasklist and the task in it
        browser = CockpitServiceSearchBrowserTest.chromium();
        WebDriverWait wait = new WebDriverWait(browser, PAGE_WAIT);
        // every look of a wait is a chromedriver round trip of a millisecond or two; WebDriverWait's 500 ms between
        // them left each step of Tasklist/Cockpit waiting on the clock, not on the page
        wait.pollingEvery(PAGE_POLL);
        browser.get("http://localhost:" + port + "/camunda/app/tasklist/default/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=text]"))).sendKeys(staff);
        browser.findElement(By.cssSelector("input[type=password]")).sendKeys(STAFF_PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        String taskTitle = "Service " + serviceId + " · open failed";
        wait.until(ExpectedConditions.elementToBeClickable(By.partialLinkText("VM ops " + unique + ": open tasks")))
                .click();
        wait.until(ExpectedConditions.elementToBeClickable(By.partialLinkText(taskTitle))).click();

        // the task tells its story: which service, client and tariff, what VMmanager said, what each choice does
        // (Tasklist renders the task's parts more than once while it loads: elements are looked up, never kept)
        By view = By.cssSelector(".task-details");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(view, taskTitle));
        assertThat(browser.findElement(view).getText()).contains(client.login().username(), "VM ops " + unique);
        wait.until(ExpectedConditions.attributeContains(By.cssSelector(
                ".task-details [cam-variable-name=failureText]"), "value", "failed: Simulated failure of host_"));
        wait.until(ExpectedConditions.attributeContains(By.cssSelector(
                ".task-details [cam-variable-name=serviceSummary]"), "value", "Service " + serviceId));
        assertThat(browser.findElement(By.cssSelector(".task-details [cam-variable-name=serviceSummary]"))
                .getAttribute("value")).contains(client.login().username());
        screenshot("tasklist-failed-open");
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Description"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(view, "failed: Simulated failure of host_"));
        assertThat(browser.findElement(view).getText()).contains("Retry", "Skip", "Abort");

        // claim, then choose "retry" once VMmanager works again
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".task-details button.claim"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Form"))).click();
        simulator.control(new SimulatorControl(0.0, 20, false));
        new Select(wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                "[cam-variable-name=decision]")))).selectByValue("retry");
        screenshot("tasklist-retry-chosen");
        WebElement complete = wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//section[contains(@class,'task-details')]//button[normalize-space()='Complete']")));
        // the page footer covers the bottom of the form: bring the button to the middle first, as a user scrolls
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", complete);
        complete.click();

        // the retry removes the broken VM and creates a fresh one: ACTIVE on exactly one running host
        JsonNode active = api.awaitService(client.login(), ADMIN, serviceId, "ACTIVE",
                s -> "ACTIVE".equals(s.get("status").asText()), MODULE_TIMERS);
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(Long.toString(serviceId)).count()).isZero();
        assertThat(simulator.hostsWithComment(openKey)).singleElement().satisfies(host -> {
            assertThat(host).containsEntry("state", "active");
            assertThat(String.valueOf(host.get("id"))).isEqualTo(active.get("externalId").asText());
        });
        assertThat(runtime.createIncidentQuery().processInstanceId(task.getProcessInstanceId()).count()).isZero();
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
