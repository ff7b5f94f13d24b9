package com.hostflow.console;

import static com.hostflow.console.ConsoleSecurityTest.csrf;
import static com.hostflow.console.ConsoleSecurityTest.sessionCookie;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import com.hostflow.catalog.DataCenterForm;
import com.hostflow.catalog.DataCenterService;
import com.hostflow.catalog.ProviderForm;
import com.hostflow.catalog.ProviderService;
import com.hostflow.common.web.IfMatch;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.support.IntegrationTest;

/**
 * Two admins on the console's pages: a form (or a list's delete button) rendered before the other admin saved the
 * same data center is refused with a message and changes nothing; opened again, it saves. A new entry's form sent
 * twice creates one entry.
 */
@IntegrationTest
class StaleFormTest {

    private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"(\\d+)\"");

    @Autowired
    TestRestTemplate template;
    @Autowired
    DataCenterService dataCenters;
    @Autowired
    ProviderService providers;
    @Autowired
    JdbcTemplate jdbc;

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

    /**
     * A new data center's, module's or tariff's form sent twice (a double click, a reload of the POST, the Back button
     * and Save again) creates one entry, and the second answer says so; sent again with other values it creates
     * nothing and says to open the page again. Each made a second entry of the same name.
     */
    @Test
    void aNewEntryFormSentTwiceCreatesOneEntry() {
        String dataCenter = "Twice " + unique;
        MultiValueMap<String, String> form = newForm("/console/datacenters/new",
                Map.of("name", dataCenter, "sortOrder", "1", "iconKind", "NONE"));
        assertThat(post(session, "/console/datacenters/new", form).getStatusCode().value()).isEqualTo(302);
        assertThat(get("/console/datacenters").getBody()).contains("Data center " + dataCenter + " created.");
        assertThat(post(session, "/console/datacenters/new", form).getStatusCode().value()).isEqualTo(302);
        assertThat(count("data_center", dataCenter)).as("data centers named " + dataCenter).isOne();
        assertThat(get("/console/datacenters").getBody())
                .contains("This form was sent before: data center " + dataCenter + " was created then");
        form.set("name", "Changed " + unique);
        ResponseEntity<String> changed = post(session, "/console/datacenters/new", form);
        assertThat(changed.getStatusCode().value()).isEqualTo(200);
        assertThat(changed.getBody()).contains(PageForms.SENT_BEFORE);

        String module = "Twice module " + unique;
        MultiValueMap<String, String> moduleForm = newForm("/console/modules/new", Map.of("productType", "vds",
                "moduleType", "vmmanager6", "name", module, "sortOrder", "1", "integration.url",
                "http://localhost/simulator/vmmanager6", "integration.username", "admin@example.com",
                "integration.password", "secret", "settings.cluster", "1", "dataCenterId", jdbc.queryForObject(
                        "select id::text from hostflow.data_center where name = ?", String.class, dataCenter)));
        ResponseEntity<String> firstModule = post(session, "/console/modules/new", moduleForm);
        assertThat(firstModule.getStatusCode().value()).as(firstModule.getBody()).isEqualTo(302);
        assertThat(post(session, "/console/modules/new", moduleForm).getHeaders().getLocation())
                .isEqualTo(firstModule.getHeaders().getLocation());

        String tariff = "Twice tariff " + unique;
        long providerId = providers.create(new ProviderForm("Twice hosting " + unique, "EUR")).id();
        String moduleId = firstModule.getHeaders().getLocation().getPath().replaceAll(".*/", "");
        MultiValueMap<String, String> tariffForm = newForm("/console/tariffs/new?productType=vds", Map.of("name",
                tariff, "providerId", Long.toString(providerId), "processingModuleIds", moduleId, "prices[MONTH]",
                "10.00", "trialDays", "0"));
        assertThat(post(session, "/console/tariffs/new", tariffForm).getStatusCode().value()).isEqualTo(302);
        assertThat(post(session, "/console/tariffs/new", tariffForm).getStatusCode().value()).isEqualTo(302);

        assertThat(List.of(count("data_center", dataCenter), count("data_center", "Changed " + unique),
                count("processing_module", module), count("tariff_plan", tariff)))
                .as("data centers of each name, modules, tariffs").containsExactly(1L, 0L, 1L, 1L);
    }

    /**
     * A double click: the form sent twice before the browser follows the first answer's redirect, which it never
     * does. The page it lands on shows one notice, and the next visit none: the first answer's notice stayed in the
     * session and showed on the admin's next visit of the list, out of context.
     */
    @Test
    void aNewEntryFormDoubleClickedLeavesNoNoticeForTheNextVisit() {
        String dataCenter = "Clicked " + unique;
        MultiValueMap<String, String> form = newForm("/console/datacenters/new",
                Map.of("name", dataCenter, "sortOrder", "1", "iconKind", "NONE"));
        assertThat(post(session, "/console/datacenters/new", form).getHeaders().getLocation())
                .isEqualTo(post(session, "/console/datacenters/new", form).getHeaders().getLocation());

        assertThat(get("/console/datacenters").getBody()).as("the page the second answer leads to")
                .contains("This form was sent before: data center " + dataCenter + " was created then");
        assertThat(get("/console/datacenters").getBody()).as("the next visit").doesNotContain("id=\"notice\"");
        assertThat(count("data_center", dataCenter)).isOne();
    }

    /**
     * A new product type's form carries a one-time key as the other catalog forms do: sent twice, the second answer
     * says so and leads to the list, where it was refused as a code taken (the form again, 200).
     */
    @Test
    void aNewProductTypeFormSentTwiceCreatesOneAndSaysSo() {
        String code = "twice-" + unique;
        MultiValueMap<String, String> form = newForm("/console/product-types/new", Map.of("code", code, "name",
                "Twice " + unique, "autoDeletionDays", "0", "suspensionGraceDays", "0", "orderPeriods", "MONTH"));
        assertThat(post(session, "/console/product-types/new", form).getStatusCode().value()).isEqualTo(302);
        get("/console/product-types");
        ResponseEntity<String> again = post(session, "/console/product-types/new", form);
        assertThat(again.getStatusCode().value()).as("the second answer").isEqualTo(302);
        assertThat(get("/console/product-types").getBody())
                .contains("This form was sent before: product type Twice " + unique + " was created then");
    }

    /** The hidden fields of a page's form (its CSRF token, its one-time key if it has one) and the typed values. */
    private MultiValueMap<String, String> newForm(String page, Map<String, String> typed) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        Matcher hidden = Pattern.compile("<input type=\"hidden\"[^>]*>").matcher(get(page).getBody());
        while (hidden.find()) {
            Matcher name = Pattern.compile(" name=\"([^\"]+)\"").matcher(hidden.group());
            Matcher value = Pattern.compile(" value=\"([^\"]*)\"").matcher(hidden.group());
            if (name.find() && !typed.containsKey(name.group(1)) && !form.containsKey(name.group(1))) {
                form.add(name.group(1), value.find() ? value.group(1) : "");
            }
        }
        typed.forEach(form::add);
        return form;
    }

    private long count(String table, String name) {
        return jdbc.queryForObject("select count(*) from hostflow." + table + " where name = ?", Long.class, name);
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
