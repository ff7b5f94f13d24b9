package com.hostflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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

import com.hostflow.support.IntegrationTest;

/**
 * The pages' chain over plain HTTP: login with a session and CSRF, the security headers with a policy that allows
 * only HostFlow's own scripts and styles, and an API that a page session never authenticates.
 */
@IntegrationTest
class ConsoleSecurityTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Autowired
    TestRestTemplate template;

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

    /** The CSRF token of a page's form; also used by {@link PageProblemsTest}. */
    static String csrf(String html) {
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
