package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings.Redirects;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.hostflow.support.IntegrationTest;

/**
 * A request that is not logged in opens no session: the webapps' API and apps, the API, actuator, engine REST and the
 * pages' refused forms answer it without a {@code JSESSIONID} (Camunda's filters opened one for every anonymous call,
 * each 401 and 403 included; a form sent without a session opened one for its refusal). Two openings stay, each for
 * the login that follows: a page that sends an anonymous visitor to the login form keeps the request it asked for
 * (the login returns there), and a read of the webapps hands out the CSRF token their login form sends.
 */
@IntegrationTest
class NoSessionBeforeLoginTest {

    private static final String WEBAPP_COUNT = "/camunda/api/engine/engine/default/process-definition/count";

    @Autowired
    TestRestTemplate template;

    @Autowired
    IdentityService identity;

    TestRestTemplate http;

    @BeforeEach
    void noRedirects() {
        http = template.withRedirects(Redirects.DONT_FOLLOW);
    }

    @Test
    void refusalsOfAnonymousRequestsOpenNoSession() {
        assertNoSession(HttpMethod.GET, WEBAPP_COUNT, null, 401);
        assertNoSession(HttpMethod.DELETE, "/camunda/api/engine/engine/default/user/nobody", null, 401);
        assertNoSession(HttpMethod.POST, "/camunda/api/admin/auth/user/default/logout", null, 403);
        assertNoSession(HttpMethod.POST, "/camunda/api/admin/auth/user/default/login/cockpit", null, 403);
        assertNoSession(HttpMethod.POST, "/camunda/app/cockpit/default/", null, 403);
        assertNoSession(HttpMethod.GET, "/api/v1/tariffs", null, 401);
        assertNoSession(HttpMethod.GET, "/engine-rest/user", null, 401);
        assertNoSession(HttpMethod.GET, "/actuator/prometheus", null, 401);
        assertNoSession(HttpMethod.GET, "/access-denied", null, 403);
        // a session that ended (the server no longer knows it) is no login either
        assertNoSession(HttpMethod.GET, WEBAPP_COUNT, "JSESSIONID=0123456789ABCDEF0123456789ABCDEF", 401);
        // forms sent without a session: back to the login page, which opens the session its own form needs
        assertThat(assertNoSession(HttpMethod.POST, "/console/datacenters/new", null, 302)).endsWith("/login?expired");
        assertThat(assertNoSession(HttpMethod.POST, "/login", null, 302)).endsWith("/login?expired");
        assertThat(assertNoSession(HttpMethod.POST, "/logout", null, 302)).endsWith("/login?logout");
    }

    /**
     * The console's login returns to the page that sent the visitor to it: that page keeps the request it saved, where
     * a form sent to it without a session (refused, nothing to return to) keeps nothing.
     */
    @Test
    void aPageSendingAnAnonymousVisitorToTheLoginKeepsTheRequestForIt() {
        assertThat(assertNoSession(HttpMethod.POST, "/console/services", null, 302)).endsWith("/login?expired");
        HttpHeaders browser = new HttpHeaders();
        browser.setAccept(List.of(MediaType.TEXT_HTML));
        ResponseEntity<String> asked = http.exchange("/console/services", HttpMethod.GET, new HttpEntity<>(browser),
                String.class);
        assertThat(asked.getStatusCode().value()).isEqualTo(302);
        assertThat(asked.getHeaders().getLocation().getPath()).isEqualTo("/login");
        String session = sessionCookie(asked);

        HttpHeaders cookie = new HttpHeaders();
        cookie.add(HttpHeaders.COOKIE, session);
        ResponseEntity<String> page = http.exchange("/login", HttpMethod.GET, new HttpEntity<>(cookie), String.class);
        HttpHeaders form = new HttpHeaders();
        form.add(HttpHeaders.COOKIE, session);
        form.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        ResponseEntity<String> loggedIn = http.exchange("/login", HttpMethod.POST, new HttpEntity<>(
                "username=demo&password=demo&_csrf=" + csrf(page.getBody()), form), String.class);
        assertThat(loggedIn.getHeaders().getLocation().toString()).endsWith("/console/services?continue");
    }

    /**
     * The webapps show their login after a 401 and read their API first: that read hands out a token in a new
     * session, so logging in again works without reloading the app (the 401 itself opens none). Here the session
     * ends with a password an admin changed.
     */
    @Test
    void theWebappsLogInAgainAfterTheirSessionEnded() {
        String user = "relogin-" + UUID.randomUUID().toString().substring(0, 8);
        User created = identity.newUser(user);
        created.setPassword("relogin-password-1");
        identity.saveUser(created);
        identity.createMembership(user, Roles.ADMIN_GROUP);
        try {
            WebappSession cockpit = new WebappSession(http);
            assertThat(cockpit.login("cockpit", user, "relogin-password-1")).isEqualTo(200);
            User changed = identity.createUserQuery().userId(user).singleResult();
            changed.setPassword("relogin-password-2");
            identity.saveUser(changed);

            ResponseEntity<String> ended = cockpit.get(WEBAPP_COUNT);
            assertThat(ended.getStatusCode().value()).isEqualTo(401);
            assertThat(sessionCookies(ended)).isEmpty();
            ResponseEntity<String> whoAmI = cockpit.get("/camunda/api/admin/auth/user/default");
            assertThat(sessionCookies(whoAmI)).as("the login's session").hasSize(1);
            assertThat(cockpit.login("cockpit", user, "relogin-password-2")).isEqualTo(200);
            assertThat(cockpit.get(WEBAPP_COUNT).getStatusCode().value()).isEqualTo(200);
        } finally {
            identity.deleteUser(user);
        }
    }

    /** Answers the Location, if any; asserts the status and that no session cookie came back. */
    private String assertNoSession(HttpMethod method, String path, String cookie, int status) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.TEXT_HTML, MediaType.APPLICATION_JSON));
        if (cookie != null) {
            headers.add(HttpHeaders.COOKIE, cookie);
        }
        if (method == HttpMethod.POST) {
            headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        }
        ResponseEntity<String> answer = http.exchange(path, method,
                new HttpEntity<>(method == HttpMethod.POST ? "username=demo&password=demo" : null, headers),
                String.class);
        assertThat(answer.getStatusCode().value()).as(method + " " + path).isEqualTo(status);
        assertThat(sessionCookies(answer)).as(method + " " + path).isEmpty();
        return answer.getHeaders().getLocation() == null ? null : answer.getHeaders().getLocation().toString();
    }

    private static List<String> sessionCookies(ResponseEntity<?> answer) {
        return answer.getHeaders().getOrEmpty(HttpHeaders.SET_COOKIE).stream()
                .filter(c -> c.startsWith("JSESSIONID=")).toList();
    }

    private static String sessionCookie(ResponseEntity<?> answer) {
        List<String> cookies = sessionCookies(answer);
        assertThat(cookies).as("a session cookie").hasSize(1);
        return cookies.get(0).split(";")[0];
    }

    private static String csrf(String html) {
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(html);
        assertThat(token.find()).isTrue();
        return token.group(1);
    }
}
