package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Map<String, String> cookies = new LinkedHashMap<>();
        ResponseEntity<String> page = http.getForEntity("/camunda/app/cockpit/default/", String.class);
        keepCookies(page, cookies);
        String token = page.getHeaders().getFirst("X-XSRF-TOKEN");
        assertThat(token).isNotBlank();

        HttpHeaders login = session(cookies, token);
        login.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        ResponseEntity<String> loggedIn = http.exchange("/camunda/api/admin/auth/user/default/login/cockpit",
                HttpMethod.POST, new HttpEntity<>("username=demo&password=demo", login), String.class);
        assertThat(loggedIn.getStatusCode().value()).as(loggedIn.getBody()).isEqualTo(200);
        keepCookies(loggedIn, cookies);
        // the login starts a new session with a new token; any read hands it out
        ResponseEntity<String> who = http.exchange("/camunda/api/admin/auth/user/default", HttpMethod.GET,
                new HttpEntity<>(session(cookies, null)), String.class);
        keepCookies(who, cookies);
        String sessionToken = who.getHeaders().getFirst("X-XSRF-TOKEN");
        assertThat(sessionToken).as(who.getHeaders().toString()).isNotBlank();

        // the logged-in session with its current token gets past the check (the process simply does not exist)
        ResponseEntity<String> withToken = http.exchange(START_PROCESS, HttpMethod.POST,
                new HttpEntity<>("{}", session(cookies, sessionToken)), String.class);
        keepCookies(withToken, cookies);
        ResponseEntity<String> withoutToken = http.exchange(START_PROCESS, HttpMethod.POST,
                new HttpEntity<>("{}", session(cookies, null)), String.class);

        assertThat(withToken.getStatusCode().value()).as(withToken.getBody()).isEqualTo(404);
        assertThat(withoutToken.getStatusCode().value()).isEqualTo(403);
        assertThat(withoutToken.getHeaders().getFirst("X-XSRF-TOKEN")).isEqualTo("Required");
    }

    private static HttpHeaders session(Map<String, String> cookies, String token) {
        HttpHeaders headers = json();
        cookies.forEach((name, value) -> headers.add(HttpHeaders.COOKIE, name + "=" + value));
        if (token != null) {
            headers.set("X-XSRF-TOKEN", token);
        }
        return headers;
    }

    private static void keepCookies(ResponseEntity<?> response, Map<String, String> cookies) {
        List<String> setCookies = response.getHeaders().getOrEmpty(HttpHeaders.SET_COOKIE);
        for (String cookie : setCookies) {
            String[] nameValue = cookie.split(";", 2)[0].split("=", 2);
            cookies.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : "");
        }
    }

    private static HttpHeaders json() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }
}
