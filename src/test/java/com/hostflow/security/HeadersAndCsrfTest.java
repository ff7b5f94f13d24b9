package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.hostflow.support.IntegrationTest;

/** Security headers on API answers (also on errors), and the Camunda webapps' CSRF protection. */
@IntegrationTest
class HeadersAndCsrfTest {

    private static final String START_PROCESS =
            "/camunda/api/engine/engine/default/process-definition/key/AnyProcess/start";

    @Autowired
    TestRestTemplate http;

    @Test
    void apiAnswersCarryTheSecurityHeaders() {
        List<ResponseEntity<String>> answers = List.of(
                http.withBasicAuth("demo", "demo").getForEntity("/api/v1/tariffs", String.class),
                http.withBasicAuth("demo", "demo").getForEntity("/api/v1/clients/999999999", String.class),
                http.getForEntity("/api/v1/tariffs", String.class),
                http.withBasicAuth("demo", "demo").exchange("/api/v1/providers", HttpMethod.POST,
                        new HttpEntity<>("{}", json()), String.class));

        assertThat(answers).extracting(a -> a.getStatusCode().value()).containsExactly(200, 404, 401, 400);
        assertThat(answers).allSatisfy(answer -> {
            HttpHeaders headers = answer.getHeaders();
            assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
            assertThat(headers.getCacheControl()).contains("no-store");
            assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(headers.getFirst("Content-Security-Policy")).contains("frame-ancestors 'none'");
        });
    }

    @Test
    void theWebappsRefuseAStateChangingPostWithoutTheCsrfToken() {
        WebappSession browser = new WebappSession(http);
        assertThat(browser.login("cockpit", "demo", "demo")).isEqualTo(200);
        assertThat(browser.token()).isNotBlank();

        // the logged-in session with its token gets past the check (the process simply does not exist)
        ResponseEntity<String> withToken = browser.exchange(HttpMethod.POST, START_PROCESS, "{}", true);
        ResponseEntity<String> withoutToken = browser.exchange(HttpMethod.POST, START_PROCESS, "{}", false);

        assertThat(withToken.getStatusCode().value()).as(withToken.getBody()).isEqualTo(404);
        assertThat(withoutToken.getStatusCode().value()).isEqualTo(403);
        assertThat(withoutToken.getHeaders().getFirst("X-XSRF-TOKEN")).isEqualTo("Required");
    }

    /**
     * The session cookie the pages and the webapps share is sent by the browser only with requests of HostFlow's own
     * pages (SameSite=Lax: a link from a mail still arrives logged in), never read by a script (HttpOnly).
     */
    @Test
    void theSessionCookieStaysOnHostFlowsOwnRequests() {
        ResponseEntity<String> loginPage = http.getForEntity("/login", String.class);
        WebappSession browser = new WebappSession(http);
        browser.login("cockpit", "demo", "demo");

        List<String> cookies = new ArrayList<>(loginPage.getHeaders().getOrEmpty(HttpHeaders.SET_COOKIE));
        cookies.addAll(browser.setCookies());
        assertThat(cookies).filteredOn(cookie -> cookie.startsWith("JSESSIONID=")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(cookie -> assertThat(cookie).contains("SameSite=Lax", "HttpOnly"))
                // once: Camunda's own session-cookie filter wrote it a second time on the webapps' paths
                .allSatisfy(cookie -> assertThat(cookie.split("SameSite=", -1)).as(cookie).hasSize(2));
    }

    private static HttpHeaders json() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }
}
