package com.hostflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import com.hostflow.catalog.DepartmentForm;
import com.hostflow.catalog.DepartmentService;
import com.hostflow.catalog.ProviderForm;
import com.hostflow.catalog.ProviderService;
import com.hostflow.clients.ClientService;
import com.hostflow.clients.ClientService.ClientData;
import com.hostflow.common.web.IfMatch;
import com.hostflow.support.IntegrationTest;
import com.hostflow.users.StaffRole;
import com.hostflow.users.StaffUser;
import com.hostflow.users.StaffUserService;

/**
 * The pages' chain over plain HTTP: login with a session and CSRF, the security headers with a policy that allows
 * only HostFlow's own scripts and styles, and an API that a page session never authenticates.
 */
@IntegrationTest
public class ConsoleSecurityTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

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

    TestRestTemplate http;

    /** Redirects are what this test looks at: never follow them. */
    @org.junit.jupiter.api.BeforeEach
    void noRedirects() {
        http = template.withRedirects(
                org.springframework.boot.http.client.ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW);
    }

    @Test
    void pagesAskForALoginAndCarryTheSecurityHeaders() {
        ResponseEntity<String> console = http.getForEntity("/console/services", String.class);
        assertThat(console.getStatusCode().value()).isEqualTo(302);
        assertThat(console.getHeaders().getLocation().getPath()).isEqualTo("/login");

        ResponseEntity<String> login = http.getForEntity("/login", String.class);
        assertThat(login.getStatusCode().value()).isEqualTo(200);
        HttpHeaders headers = login.getHeaders();
        assertThat(headers.getFirst("Content-Security-Policy")).contains("default-src 'none'", "script-src 'self'",
                "style-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(headers.getFirst("Cache-Control")).contains("no-store");
        assertThat(login.getBody()).contains("name=\"_csrf\"");
    }

    /**
     * A form larger than Tomcat reads (2 MB: a huge text pasted into a field) arrives without its fields, the CSRF
     * token among them: the page says it is too large, where it said the form was out of date and to send it again;
     * it is the console's or the client area's problem page in its layout, where it was Spring Boot's bare error
     * page.
     */
    @Test
    void aFormLargerThanTomcatReadsIsSaidToBeTooLarge() {
        String session = login(http, "demo", "demo");
        HttpHeaders accept = new HttpHeaders();
        accept.add(HttpHeaders.COOKIE, session);
        String page = http.exchange("/console/datacenters/new", HttpMethod.GET, new HttpEntity<>(accept),
                String.class).getBody();

        ResponseEntity<String> answer = postHuge(session, "/console/datacenters/new", csrf(page));

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(413);
        assertThat(answer.getBody()).contains("larger than the 2 MB a form may be", "nothing was changed")
                .doesNotContain("stale-form");
        assertThat(answer.getBody()).as("the console's layout").contains("id=\"problem-title\"", "area-console",
                "id=\"current-user\"");

        String unique = UUID.randomUUID().toString().substring(0, 8);
        long provider = providers.create(new ProviderForm("Huge form " + unique, "EUR")).id();
        clients.create(new ClientData("huge-" + unique + "@example.com", "Huge form " + unique, null, provider,
                "huge-form-1"));
        ResponseEntity<String> client = postHuge(login("huge-" + unique + "@example.com", "huge-form-1"),
                "/my/password", "x");
        assertThat(client.getStatusCode().value()).isEqualTo(413);
        assertThat(client.getBody()).as("the client area's layout").contains("larger than the 2 MB a form may be",
                "id=\"problem-title\"", "area-my");
    }

    /**
     * Nobody logged in: a form just over the 2 MB (the login form, or a page's sent after the session ended) got Spring
     * Boot's bare 413 error page; it is now a page in the login page's layout saying why, with a link back to the
     * login. The API answers such a body with its 413 problem naming the limit, logged in or not.
     */
    @Test
    void aFormTooLargeSentBeforeLoggingInIsSaidToBeTooLargeBesideALinkToTheLogin() {
        String justOver = "username=demo&password=demo&x=";
        justOver += "x".repeat(2 * 1024 * 1024 + 1 - justOver.length());
        for (String path : List.of("/login", "/console/datacenters/new", "/my/password")) {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
            headers.setAccept(List.of(MediaType.TEXT_HTML));

            ResponseEntity<String> answer = http.postForEntity(path, new HttpEntity<>(justOver, headers),
                    String.class);

            assertThat(answer.getStatusCode().value()).as(path).isEqualTo(413);
            assertThat(answer.getBody()).as(path).contains("id=\"form-too-large\"", "class=\"login-page\"",
                    "larger than the 2 MB a form may be", "nothing was changed", "href=\"/login\"");
            assertThat(answer.getHeaders().get(HttpHeaders.SET_COOKIE)).as("no session for it").isNull();
        }

        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        json.setAccept(List.of(MediaType.APPLICATION_JSON));
        String body = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024 - 10) + "\"}";
        ResponseEntity<String> api = http.postForEntity("/api/v1/providers", new HttpEntity<>(body, json),
                String.class);
        assertThat(api.getStatusCode().value()).as(api.getBody()).isEqualTo(413);
        assertThat(api.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(api.getBody()).contains("\"field\":\"body\"", "at most 2097152 bytes");
    }

    private ResponseEntity<String> postHuge(String session, String path, String csrf) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("_csrf", csrf);
        form.add("name", "Huge " + "x".repeat(3_000_000));
        form.add("sortOrder", "1");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        headers.add(HttpHeaders.COOKIE, session);
        return http.postForEntity(path, new HttpEntity<>(form, headers), String.class);
    }

    @Test
    void aLoginWithoutTheCsrfTokenIsRefusedAndOneWithItOpensTheConsoleButNotTheApi() {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", "demo");
        form.add("password", "demo");
        // no session's token (a login page left open until its session expired): the login page again, saying so
        ResponseEntity<String> withoutToken = http.postForEntity("/login", formEntity(form, null), String.class);
        assertThat(withoutToken.getStatusCode().value()).isEqualTo(302);
        assertThat(withoutToken.getHeaders().getLocation().toString()).endsWith("/login?expired");

        ResponseEntity<String> page = http.getForEntity("/login", String.class);
        String cookie = sessionCookie(page);
        form.add("_csrf", csrf(page.getBody()));
        ResponseEntity<String> loggedIn = http.postForEntity("/login", formEntity(form, cookie), String.class);
        assertThat(loggedIn.getStatusCode().value()).isEqualTo(302);
        assertThat(loggedIn.getHeaders().getLocation().getPath()).isEqualTo("/console");
        String session = sessionCookie(loggedIn);

        HttpHeaders cookies = new HttpHeaders();
        cookies.add(HttpHeaders.COOKIE, session);
        ResponseEntity<String> overview = http.exchange("/console", HttpMethod.GET, new HttpEntity<>(cookies),
                String.class);
        assertThat(overview.getStatusCode().value()).isEqualTo(200);
        assertThat(overview.getBody()).contains("Overview");

        // a form without the session's token is refused even for the admin
        MultiValueMap<String, String> dataCenter = new LinkedMultiValueMap<>();
        dataCenter.add("name", "No token DC");
        ResponseEntity<String> forged = http.postForEntity("/console/datacenters/new",
                formEntity(dataCenter, session), String.class);
        assertThat(forged.getStatusCode().value()).isEqualTo(403);
        assertThat(forged.getBody()).contains("id=\"stale-form\"", "Nothing was changed");

        // the API stays HTTP Basic only: the page session does not authenticate it
        ResponseEntity<String> api = http.exchange("/api/v1/tariffs", HttpMethod.GET, new HttpEntity<>(cookies),
                String.class);
        assertThat(api.getStatusCode().value()).isEqualTo(401);
        assertThat(api.getHeaders().getFirst(HttpHeaders.SET_COOKIE)).isNull();
    }

    /**
     * A page session is worth what its user is now: a staff user deleted, or given other roles, is sent to the login
     * page at the next click (it kept reading clients and their money until the session timed out).
     */
    @Test
    void aStaffUserDeletedOrChangedMeanwhileLosesTheOpenSession() {
        String department = "gone-desk-" + UUID.randomUUID().toString().substring(0, 8);
        departments.create(new DepartmentForm("Gone desk", department));
        String deleted = "gone-" + department;
        String promoted = "promoted-" + department;
        for (String user : List.of(deleted, promoted)) {
            staffUsers.create(new StaffUser(user, "Staff", "Gone", null, Set.of(StaffRole.STAFF), Set.of(department)),
                    "gone-password-1");
        }
        String deletedSession = login(deleted, "gone-password-1");
        String promotedSession = login(promoted, "gone-password-1");
        assertThat(page(deletedSession, "/console/clients").getStatusCode().value()).isEqualTo(200);
        assertThat(page(promotedSession, "/console/clients").getStatusCode().value()).isEqualTo(200);

        staffUsers.delete(deleted, IfMatch.ANY);
        staffUsers.update(promoted, new StaffUser(promoted, "Staff", "Gone", null,
                Set.of(StaffRole.STAFF, StaffRole.ADMIN), Set.of(department)), null, IfMatch.ANY);

        for (String session : List.of(deletedSession, promotedSession)) {
            ResponseEntity<String> next = page(session, "/console/clients");
            assertThat(next.getStatusCode().value()).as(next.getBody()).isEqualTo(302);
            assertThat(next.getHeaders().getLocation().toString()).endsWith("/login?expired");
            assertThat(page(session, "/console").getHeaders().getLocation().getPath()).as("the session is gone")
                    .isEqualTo("/login");
        }
        // logged in again, the promoted user has what it has now
        assertThat(page(login(promoted, "gone-password-1"), "/console/audit").getStatusCode().value())
                .isEqualTo(200);
    }

    /**
     * The API's short login cache (a few seconds) does not serve the login form: a password an admin changed in
     * Camunda's Admin app or through the engine REST, which do not tell that cache, no longer opens a page session at
     * once (it did until the cache entry of the login just before ran out).
     */
    @Test
    void aPasswordChangedThroughTheEngineNoLongerLogsInToThePages() {
        String department = "cache-desk-" + UUID.randomUUID().toString().substring(0, 8);
        departments.create(new DepartmentForm("Cache desk", department));
        String user = "cached-" + department;
        staffUsers.create(new StaffUser(user, "Staff", "Cached", null, Set.of(StaffRole.STAFF), Set.of(department)),
                "cached-password-1");
        login(user, "cached-password-1");

        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> changed = template.withBasicAuth("demo", "demo").exchange(
                "/engine-rest/user/" + user + "/credentials", HttpMethod.PUT, new HttpEntity<>(
                        "{\"password\":\"cached-password-2\",\"authenticatedUserPassword\":\"demo\"}", json),
                String.class);
        assertThat(changed.getStatusCode().value()).as(changed.getBody()).isEqualTo(204);

        ResponseEntity<String> page = http.getForEntity("/login", String.class);
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", user);
        form.add("password", "cached-password-1");
        form.add("_csrf", csrf(page.getBody()));
        ResponseEntity<String> old = http.postForEntity("/login", formEntity(form, sessionCookie(page)),
                String.class);
        assertThat(old.getHeaders().getLocation().toString()).as("the old password").endsWith("/login?error");
    }

    private String login(String username, String password) {
        return login(http, username, password);
    }

    /** Logs in through the login form (a client without redirects); answers the session's cookie. */
    public static String login(TestRestTemplate http, String username, String password) {
        ResponseEntity<String> page = http.getForEntity("/login", String.class);
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", username);
        form.add("password", password);
        form.add("_csrf", csrf(page.getBody()));
        ResponseEntity<String> loggedIn = http.postForEntity("/login", formEntity(form, sessionCookie(page)),
                String.class);
        assertThat(loggedIn.getStatusCode().value()).as("login of %s", username).isEqualTo(302);
        // a refused login is sent back to /login?error: the path alone does not show it
        assertThat(loggedIn.getHeaders().getLocation()).as("login of %s", username).asString()
                .doesNotContain("/login").doesNotContain("error");
        return sessionCookie(loggedIn);
    }

    /** A page as the session (a cookie {@link #login} answered) sees it; fails unless it answers 200. */
    public static String pageOf(TestRestTemplate http, String session, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.COOKIE, session);
        ResponseEntity<String> page = http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
        assertThat(page.getStatusCode().value()).as(path).isEqualTo(200);
        return page.getBody();
    }

    private ResponseEntity<String> page(String session, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.COOKIE, session);
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    /**
     * The error page outside {@code /console} and {@code /my} (here the webapps' API refusing a browser without a
     * webapp login) leads where the one looking may go, as the 403 page does: nobody logged in to the login page, an
     * admin to the console, a client to its area. It linked "/", Camunda's welcome page.
     */
    @Test
    void theErrorPageOutsideTheAreasLeadsWhereTheLoginMayGo() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        long provider = providers.create(new ProviderForm("Error page " + unique, "EUR")).id();
        clients.create(new ClientData("error-" + unique + "@example.com", "Error page " + unique, null, provider,
                "error-page-1"));
        String nowhere = "/camunda/api/engine/engine/default/process-definition/count";

        assertThat(htmlPage(null, nowhere)).contains("href=\"/login\"").doesNotContain("href=\"/\"");
        assertThat(htmlPage(login("demo", "demo"), nowhere)).contains("href=\"/console\"")
                .doesNotContain("href=\"/\"");
        assertThat(htmlPage(login("error-" + unique + "@example.com", "error-page-1"), nowhere))
                .contains("href=\"/my\"").doesNotContain("href=\"/console\"", "href=\"/\"");
    }

    private String htmlPage(String session, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        if (session != null) {
            headers.add(HttpHeaders.COOKIE, session);
        }
        ResponseEntity<String> answer = http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(401);
        assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        return answer.getBody();
    }

    @Test
    void aWrongPasswordShowsTheLoginPageAgain() {
        ResponseEntity<String> page = http.getForEntity("/login", String.class);
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", "nobody-" + System.nanoTime());
        form.add("password", "wrong");
        form.add("_csrf", csrf(page.getBody()));
        ResponseEntity<String> answer = http.postForEntity("/login", formEntity(form, sessionCookie(page)),
                String.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(302);
        assertThat(answer.getHeaders().getLocation().toString()).endsWith("/login?error");
    }

    private static HttpEntity<MultiValueMap<String, String>> formEntity(MultiValueMap<String, String> form,
            String cookie) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        if (cookie != null) {
            headers.add(HttpHeaders.COOKIE, cookie);
        }
        return new HttpEntity<>(form, headers);
    }

    /** The CSRF token of a page's form; also used by {@link PageProblemsTest} and the audit walk. */
    public static String csrf(String html) {
        Matcher matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as("a CSRF field in the page").isTrue();
        return matcher.group(1);
    }

    static String sessionCookie(ResponseEntity<?> response) {
        List<String> cookies = response.getHeaders().get(HttpHeaders.SET_COOKIE);
        assertThat(cookies).as("a session cookie").isNotNull();
        return cookies.stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow().split(";")[0];
    }
}
