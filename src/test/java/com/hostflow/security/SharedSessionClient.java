package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * One browser's cookie jar over plain HTTP, for the pages ({@code /login}, {@code /console}, {@code /my}) and the
 * Camunda webapps at once: they run in one servlet container and share one {@code JSESSIONID}. Keeps the pages'
 * form CSRF token and the webapps' {@code X-XSRF-TOKEN}; never follows a redirect.
 */
final class SharedSessionClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    static final String WEBAPP_USER = "/camunda/api/admin/auth/user/default";

    private final TestRestTemplate http;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String webappToken;

    SharedSessionClient(TestRestTemplate http) {
        this.http = http.withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW);
    }

    String sessionId() {
        return cookies.get("JSESSIONID");
    }

    /** Puts a session id into the jar, as a planted cookie (or an old one kept) would. */
    void useSessionId(String id) {
        cookies.put("JSESSIONID", id);
    }

    /** The pages' login form; answers where it sends the browser. */
    String pageLogin(String username, String password) {
        ResponseEntity<String> page = get("/login");
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", username);
        form.add("password", password);
        form.add("_csrf", csrf(page.getBody()));
        ResponseEntity<String> answer = postForm("/login", form);
        assertThat(answer.getStatusCode().value()).isEqualTo(302);
        return answer.getHeaders().getLocation().getPath();
    }

    /** The logout button of the pages ({@code /logout} opened as a page, then its form sent). */
    ResponseEntity<String> pageLogout() {
        ResponseEntity<String> page = get("/logout");
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("_csrf", csrf(page.getBody()));
        return postForm("/logout", form);
    }

    /** 200 when the page opens for the session's login; otherwise the status (302 to the login page, 403). */
    int page(String path) {
        ResponseEntity<String> answer = get(path);
        if (answer.getStatusCode().value() == 302) {
            assertThat(answer.getHeaders().getLocation().getPath()).as(path).startsWith("/login");
        }
        return answer.getStatusCode().value();
    }

    /** The webapps' login (as Cockpit's, Tasklist's or Admin's login form sends it); answers its status. */
    int webappLogin(String app, String username, String password) {
        if (webappToken == null) {
            get("/camunda/app/" + app + "/default/");
        }
        HttpHeaders headers = headers();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        headers.set("X-XSRF-TOKEN", webappToken);
        ResponseEntity<String> answer = keep(http.exchange(WEBAPP_USER + "/login/" + app, HttpMethod.POST,
                new HttpEntity<>("username=" + username + "&password=" + password, headers), String.class));
        // a login starts a new session with a new token, which the next read hands out
        webappToken = null;
        get(WEBAPP_USER);
        return answer.getStatusCode().value();
    }

    /** The webapps' "Log out" (what Cockpit's menu sends). */
    int webappLogout() {
        return webappLogout("/logout");
    }

    /** The webapps' logout sent to {@code path} under the webapps' user resource ({@code /logout/}, say). */
    int webappLogout(String path) {
        if (webappToken == null) {
            get(WEBAPP_USER);
        }
        HttpHeaders headers = headers();
        headers.set("X-XSRF-TOKEN", webappToken);
        return keep(http.exchange(WEBAPP_USER + path, HttpMethod.POST, new HttpEntity<>(null, headers),
                String.class)).getStatusCode().value();
    }

    /** Whom the webapps take the session for: the user id, or null when none is logged in there. */
    String webappUser() {
        ResponseEntity<String> answer = get(WEBAPP_USER);
        if (answer.getStatusCode().value() != 200) {
            return null;
        }
        return SecurityFixtures.json(answer).path("userId").asText(null);
    }

    /** A read of the engine API as Cockpit makes it, with the session only. */
    int webappEngineRead() {
        return get("/camunda/api/engine/engine/default/process-definition/count").getStatusCode().value();
    }

    /** A GET of the path exactly as written (escapes such as {@code %2B} go out as they are). */
    ResponseEntity<String> get(String path) {
        return keep(http.exchange(java.net.URI.create(http.getRootUri() + path), HttpMethod.GET,
                new HttpEntity<>(headers()), String.class));
    }

    /** Sends the fields as a form to {@code path}, with the CSRF token of the page {@code formPage}. */
    ResponseEntity<String> submit(String formPage, String path, Map<String, String> fields) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        fields.forEach(form::add);
        form.add("_csrf", csrf(get(formPage).getBody()));
        return postForm(path, form);
    }

    private ResponseEntity<String> postForm(String path, MultiValueMap<String, String> form) {
        HttpHeaders headers = headers();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        return keep(http.exchange(path, HttpMethod.POST, new HttpEntity<>(form, headers), String.class));
    }

    private HttpHeaders headers() {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.TEXT_HTML, MediaType.APPLICATION_JSON, MediaType.ALL));
        cookies.forEach((name, value) -> headers.add(HttpHeaders.COOKIE, name + "=" + value));
        return headers;
    }

    private ResponseEntity<String> keep(ResponseEntity<String> answer) {
        for (String cookie : answer.getHeaders().getOrEmpty(HttpHeaders.SET_COOKIE)) {
            String[] nameValue = cookie.split(";", 2)[0].split("=", 2);
            boolean expired = cookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0");
            if (expired) {
                cookies.remove(nameValue[0]);
            } else {
                cookies.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : "");
            }
        }
        String handedOut = answer.getHeaders().getFirst("X-XSRF-TOKEN");
        if (handedOut != null && !"Required".equals(handedOut)) {
            webappToken = handedOut;
        }
        return answer;
    }

    private static String csrf(String html) {
        Matcher matcher = CSRF.matcher(html == null ? "" : html);
        assertThat(matcher.find()).as("a CSRF field in the page").isTrue();
        return matcher.group(1);
    }
}
