package com.hostflow.console;

import static com.hostflow.console.ConsoleSecurityTest.csrf;
import static com.hostflow.console.ConsoleSecurityTest.sessionCookie;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import com.hostflow.catalog.DataCenterForm;
import com.hostflow.catalog.DataCenterService;
import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.support.IntegrationTest;

/**
 * Two admins on the console's pages: a form (or a list's delete button) rendered before the other admin saved the
 * same data center is refused with a message and changes nothing; opened again, it saves.
 */
@IntegrationTest
class StaleFormTest {

    private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"(\\d+)\"");

    @Autowired
    TestRestTemplate template;
    @Autowired
    DataCenterService dataCenters;

    final String unique = UUID.randomUUID().toString().substring(0, 8);
    TestRestTemplate http;
    String session;

    @BeforeEach
    void logIn() {
        http = template.withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW);
        ResponseEntity<String> page = http.getForEntity("/login", String.class);
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", "demo");
        form.add("password", "demo");
        form.add("_csrf", csrf(page.getBody()));
        ResponseEntity<String> loggedIn = post(sessionCookie(page), "/login", form);
        assertThat(loggedIn.getStatusCode().value()).isEqualTo(302);
        session = sessionCookie(loggedIn);
    }

    @Test
    void aFormOpenedBeforeAnotherAdminSavedIsRefusedAndOpenedAgainSaves() {
        long id = dataCenters.create(new DataCenterForm("Stale " + unique, null, 1, null)).id();
        String page = "/console/datacenters/" + id;
        String opened = get(page).getBody();

        dataCenters.update(id, new DataCenterForm("Theirs " + unique, null, 1, null), IfMatch.ANY);
        ResponseEntity<String> refused = post(session, page, editForm(opened, "Mine " + unique));

        assertThat(refused.getStatusCode().value()).as("the form again, not a redirect").isEqualTo(200);
        assertThat(refused.getBody()).contains(PageForms.STALE);
        assertThat(dataCenters.get(id).name()).isEqualTo("Theirs " + unique);

        ResponseEntity<String> saved = post(session, page, editForm(get(page).getBody(), "Mine " + unique));
        assertThat(saved.getStatusCode().value()).isEqualTo(302);
        assertThat(dataCenters.get(id).name()).isEqualTo("Mine " + unique);
    }

    @Test
    void aDeleteFromAListShownBeforeAnotherAdminSavedIsRefused() {
        long id = dataCenters.create(new DataCenterForm("Listed " + unique, null, 1, null)).id();
        String listed = get("/console/datacenters").getBody();
        String version = versionOfDeleteButton(listed, id);

        dataCenters.update(id, new DataCenterForm("Renamed " + unique, null, 1, null), IfMatch.ANY);
        assertThat(post(session, "/console/datacenters/" + id + "/delete", deleteForm(listed, version))
                .getStatusCode().value()).isEqualTo(302);
        assertThat(dataCenters.get(id).name()).as("still there").isEqualTo("Renamed " + unique);
        String again = get("/console/datacenters").getBody();
        assertThat(again).as("the list says why").contains(PageForms.STALE);

        post(session, "/console/datacenters/" + id + "/delete", deleteForm(again, versionOfDeleteButton(again, id)));
        assertThat(gone(id)).isTrue();
    }

    private MultiValueMap<String, String> editForm(String page, String name) {
        Matcher version = VERSION.matcher(page);
        assertThat(version.find()).as("the version in a hidden field").isTrue();
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("_csrf", csrf(page));
        form.add("version", version.group(1));
        form.add("name", name);
        form.add("sortOrder", "1");
        form.add("iconKind", "NONE");
        return form;
    }

    private static MultiValueMap<String, String> deleteForm(String page, String version) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("_csrf", csrf(page));
        form.add("version", version);
        return form;
    }

    private static String versionOfDeleteButton(String list, long id) {
        Matcher button = Pattern.compile("/console/datacenters/" + id + "/delete\"[^>]*>[^<]*(?:<input [^>]*>[^<]*)*?"
                + "<input type=\"hidden\" name=\"version\" value=\"(\\d+)\"").matcher(list);
        assertThat(button.find()).as("the version beside the delete button").isTrue();
        return button.group(1);
    }

    private boolean gone(long id) {
        try {
            dataCenters.get(id);
            return false;
        } catch (NotFoundException e) {
            return true;
        }
    }

    private ResponseEntity<String> get(String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.COOKIE, session);
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        ResponseEntity<String> page = http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        return page;
    }

    private ResponseEntity<String> post(String cookie, String path, MultiValueMap<String, String> form) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        headers.setAccept(List.of(MediaType.TEXT_HTML));
        headers.add(HttpHeaders.COOKIE, cookie);
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(form, headers), String.class);
    }
}
