package com.hostflow.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;

/**
 * A headless Debian chromium driven by Debian's chromedriver (both from apt, nothing downloaded at run time), pointed
 * at the application under test. One browser per test class; {@link #logout} clears the session between users.
 */
public final class Browser implements AutoCloseable {

    /**
     * Debian's chromium binary itself, not its launcher script {@code /usr/bin/chromium}: the script runs a shell and
     * adds the flags of {@code /etc/chromium.d} to every start, among them {@code --enable-gpu-rasterization}, which
     * in a headless browser without a GPU rasterizes every frame through SwiftShader's software GL in a GPU process.
     */
    static final Path CHROMIUM = Path.of(System.getProperty("hostflow.chromium",
            Files.isExecutable(Path.of("/usr/lib/chromium/chromium")) ? "/usr/lib/chromium/chromium"
                    : "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("hostflow.chromedriver", "/usr/bin/chromedriver"));

    /**
     * How often a wait looks again. With WebDriverWait's own 500 ms, a wait that did not hold at its first look (the
     * next page still loading after a click, Cockpit's login form) slept half a second before the second; one look is
     * a chromedriver round trip (a script in the page), cheap at this rate.
     */
    static final Duration POLL = Duration.ofMillis(100);

    /** {@link #type}: a field's new text, its events and the checks the keyboard would make. */
    private static final String TYPE = """
            var field = arguments[0], text = arguments[1];
            var name = field.id || field.name;
            if (field.getClientRects().length === 0 || getComputedStyle(field).visibility !== 'visible') {
                throw new Error('element not interactable: ' + name + ' is not shown');
            }
            if (field.disabled || field.readOnly) {
                throw new Error('invalid element state: ' + name + ' is disabled or read-only');
            }
            field.focus();
            field.value = field.maxLength >= 0 ? text.substring(0, field.maxLength) : text;
            field.dispatchEvent(new Event('input', {bubbles: true}));
            field.dispatchEvent(new Event('change', {bubbles: true}));
            """;

    private static final Logger log = LoggerFactory.getLogger(Browser.class);

    private final ChromeDriver driver;
    private final String base;
    /** For {@link #loginOverHttp}: no redirects followed, so the login's 302 and its session cookie are seen. */
    private final TestRestTemplate http;

    /** A browser that loads images (for screenshots). */
    Browser(int port) throws IOException {
        this(port, true);
    }

    private Browser(int port, boolean images) throws IOException {
        this.base = "http://localhost:" + port;
        this.http = new TestRestTemplate(new RestTemplateBuilder().rootUri(base))
                .withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW);
        this.driver = start("1366,900", images);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        log.info("browser {} started for {}", UUID.randomUUID(), base);
    }

    /** A browser for tests that look at no image (none of the console's pages needs one to work). */
    static Browser withoutImages(int port) throws IOException {
        return new Browser(port, false);
    }

    /**
     * A bare chromedriver session with {@link #options}, for the tests that drive Cockpit and Tasklist too. Its
     * profile is a new temporary directory, deleted when the driver quits (a test run leaves none behind in /tmp).
     */
    public static ChromeDriver start(String windowSize, boolean images) throws IOException {
        if (!Files.isExecutable(CHROMEDRIVER) || !Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver: "
                    + "apt-get install -y chromium chromium-driver (.ci/run does this)");
        }
        Path profile = Files.createTempDirectory("hostflow-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options(profile, windowSize, images)) {
            @Override
            public void quit() {
                try {
                    super.quit();
                } finally {
                    deleteProfile(profile);
                }
            }
        };
    }

    private static void deleteProfile(Path profile) {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete the browser profile {}: {}", profile, e.toString());
        }
    }

    /**
     * Headless chromium without what a test never uses and that costs CPU on a 2-core machine: the GPU process's
     * software rasterizing, extensions, background networking and component updates, the password manager and
     * autofill looking at every login form, translation and optimization hints looking at every page, the
     * back-forward cache keeping every page left alive, and (unless {@code images}) image decoding.
     */
    static ChromeOptions options(Path profile, String windowSize, boolean images) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-gpu-rasterization",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-default-apps", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-client-side-phishing-detection", "--disable-domain-reliability",
                "--disable-breakpad", "--disable-renderer-backgrounding", "--mute-audio", "--password-store=basic",
                "--disable-features=Translate,OptimizationHints,MediaRouter,BackForwardCache,"
                        + "AutofillServerCommunication,CertificateTransparencyComponentUpdater",
                "--disable-dev-shm-usage", "--window-size=" + windowSize, "--user-data-dir=" + profile);
        if (!images) {
            options.addArguments("--blink-settings=imagesEnabled=false");
        }
        options.setExperimentalOption("prefs", Map.of("credentials_enable_service", false,
                "profile.password_manager_enabled", false, "autofill.profile_enabled", false,
                "autofill.credit_card_enabled", false));
        return options;
    }

    ChromeDriver driver() {
        return driver;
    }

    /** A wait of this browser that looks again every {@link #POLL}, not WebDriverWait's 500 ms. */
    WebDriverWait waitUpTo(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.pollingEvery(POLL);
        return wait;
    }

    /**
     * Opens the page and waits until it has loaded: chromedriver may answer while the page is still "interactive",
     * its stylesheet not yet applied (a layout read then measured the page without it).
     */
    void open(String path) {
        driver.get(base + path);
        waitUpTo(Duration.ofSeconds(60)).until(d -> "complete".equals(
                ((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    void login(String username, String password) {
        // away from the last page first: a request its script still had in flight (the order page's live price) could
        // set another session's cookie after the login page gave its CSRF token to this one
        driver.get("about:blank");
        open("/login");
        type(By.id("username"), username);
        type(By.id("password"), password);
        click(By.id("login-button"));
    }

    /**
     * Logs in without the login page, for tests whose subject is what comes after it: the login form is posted over
     * HTTP as the page posts it (its CSRF token and session cookie first), and the session cookie of the answer is
     * given to the browser. Three page loads less than {@link #login}, which drives the form (the tests of the login
     * itself, and of the page it leads to, use that).
     */
    void loginOverHttp(String username, String password) {
        // away from the last page first, as login does: a request its script still had in flight could set another
        // session's cookie after this one
        driver.get("about:blank");
        String[] cookie = ConsoleSecurityTest.login(http, username, password).split("=", 2);
        driver.executeCdpCommand("Network.setCookie", Map.of("name", cookie[0], "value", cookie[1], "url",
                base + "/", "path", "/", "httpOnly", true, "sameSite", "Lax"));
    }

    /** Every cookie of the browser, not only those of the page open now (none on about:blank). */
    void logout() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    String text(By by) {
        return driver.findElement(by).getText();
    }

    /** The text of the whole page, for "shows / does not show" checks. */
    String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /**
     * Types into a field as a user does: the field must be shown, enabled and writable (else the script fails, as the
     * keyboard could not reach it), takes the focus and the text (cut at its {@code maxlength}, as typing stops there),
     * and the page hears "input" and "change" (the user leaving the field). One script instead of chromedriver's clear
     * and sendKeys, which sends each character as key events: a 28-character address cost Chromium ~0.15 s of CPU
     * (a page load's worth) and the test ~0.4 s, the script a tenth of that.
     */
    void type(By by, String text) {
        driver.executeScript(TYPE, driver.findElement(by), text);
    }

    void typeByName(String name, String text) {
        type(By.name(name), text);
    }

    void select(By by, String visibleTextOrValue) {
        Select select = new Select(driver.findElement(by));
        try {
            select.selectByValue(visibleTextOrValue);
        } catch (org.openqa.selenium.NoSuchElementException e) {
            select.selectByVisibleText(visibleTextOrValue);
        }
    }

    void check(By by, boolean checked) {
        WebElement box = driver.findElement(by);
        if (box.isSelected() != checked) {
            box.click();
        }
    }

    /**
     * Clicks a link or submit button and waits for the page it leads to: a click only starts the navigation, and on
     * a busy machine the next read would otherwise see the page before it (a form's field errors read as none).
     */
    void click(By by) {
        WebElement target = driver.findElement(by);
        markPageLeft();
        target.click();
        awaitNextPage();
    }

    /** Clicks something that stays on the page (a radio button, a check box). */
    void clickInPage(By by) {
        driver.findElement(by).click();
    }

    /** Clicks a submit button whose form asks for confirmation, says yes and waits for the next page. */
    void clickAndConfirm(By by) {
        WebElement target = driver.findElement(by);
        markPageLeft();
        target.click();
        driver.switchTo().alert().accept();
        awaitNextPage();
    }

    /** Marks the page a click leaves: the next page's document has a window of its own, without the mark. */
    private void markPageLeft() {
        driver.executeScript("window.hostflowPageLeft = true");
    }

    /**
     * Waits until the page the click started from is gone and the next one has loaded, in one script per look (it was
     * a read of the old page's root element, then a script). While the new document is being attached, chromedriver
     * may answer a script with "document unloaded": the old page is gone, the next look sees the new one.
     */
    private void awaitNextPage() {
        waitUpTo(Duration.ofSeconds(60)).ignoring(JavascriptException.class)
                .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                        "return !window.hostflowPageLeft && document.readyState === 'complete'")));
    }

    /** The messages shown beside a field (its {@code data-errors-for} box). */
    List<String> fieldErrors(String field) {
        return driver.findElements(By.cssSelector("[data-errors-for='" + field + "'] .field-error")).stream()
                .map(WebElement::getText).toList();
    }

    /** How many pixels the page is wider than the window (0: no sideways scrolling). */
    long overflowingWidth() {
        return (Long) ((JavascriptExecutor) driver).executeScript(
                "return Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)");
    }

    /** Runs a request from the page (as the logged-in user, with its session) and answers the HTTP status. */
    long fetchStatus(String method, String path, String formBody) {
        Object status = ((JavascriptExecutor) driver).executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                fetch(arguments[1], {method: arguments[0], credentials: 'same-origin', redirect: 'manual',
                    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                    body: arguments[0] === 'GET' ? undefined : arguments[2]})
                  .then(function (r) { done(r.type === 'opaqueredirect' ? 302 : r.status); })
                  .catch(function () { done(-1); });
                """, method, path, formBody);
        return ((Number) status).longValue();
    }

    /** The CSRF token of the first form on the page. */
    String csrfToken() {
        return driver.findElement(By.name("_csrf")).getAttribute("value");
    }

    /** A full-page PNG of the current page. */
    void screenshot(Path file) throws IOException {
        Long height = (Long) ((JavascriptExecutor) driver).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(Math.max(height, 700), 2400)));
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(before);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
