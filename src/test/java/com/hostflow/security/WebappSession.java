package com.hostflow.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A browser-like session with the Camunda webapps: keeps the cookies and the CSRF token the webapps hand out
 * ({@code X-XSRF-TOKEN} header on reads), and logs in to one of the apps as a browser would.
 */
final class WebappSession {

    private final TestRestTemplate http;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final List<String> setCookies = new ArrayList<>();
    private String token;

    WebappSession(TestRestTemplate http) {
        this.http = http;
        exchange(HttpMethod.GET, "/camunda/app/cockpit/default/", null, true);
    }

    /** POSTs the login form to an app ({@code cockpit}, {@code tasklist}, {@code admin}); answers its status. */
    int login(String app, String username, String password) {
        HttpHeaders headers = headers(true);
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        ResponseEntity<String> answer = http.exchange("/camunda/api/admin/auth/user/default/login/" + app,
                HttpMethod.POST, new HttpEntity<>("username=" + username + "&password=" + password, headers),
                String.class);
        keep(answer);
        // the login starts a new session with a new token; any read hands it out
        get("/camunda/api/admin/auth/user/default");
        return answer.getStatusCode().value();
    }

    ResponseEntity<String> get(String path) {
        return exchange(HttpMethod.GET, path, null, true);
    }

    /** A call with the session's cookies, with or without its CSRF token. */
    ResponseEntity<String> exchange(HttpMethod method, String path, String jsonBody, boolean withToken) {
        ResponseEntity<String> answer = http.exchange(path, method, new HttpEntity<>(jsonBody, headers(withToken)),
                String.class);
        keep(answer);
        return answer;
    }

    String token() {
        return token;
    }

    /** Every {@code Set-Cookie} header the session was sent, whole. */
    List<String> setCookies() {
        return List.copyOf(setCookies);
    }

    private HttpHeaders headers(boolean withToken) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        cookies.forEach((name, value) -> headers.add(HttpHeaders.COOKIE, name + "=" + value));
        if (withToken && token != null) {
            headers.set("X-XSRF-TOKEN", token);
        }
        return headers;
    }

    private void keep(ResponseEntity<?> answer) {
        List<String> sent = answer.getHeaders().getOrEmpty(HttpHeaders.SET_COOKIE);
        setCookies.addAll(sent);
        for (String cookie : sent) {
            String[] nameValue = cookie.split(";", 2)[0].split("=", 2);
            cookies.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : "");
        }
        String handedOut = answer.getHeaders().getFirst("X-XSRF-TOKEN");
        if (handedOut != null && !"Required".equals(handedOut)) {
            token = handedOut;
        }
    }
}
