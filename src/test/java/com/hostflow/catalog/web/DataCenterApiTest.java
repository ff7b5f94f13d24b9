package com.hostflow.catalog.web;

import static com.hostflow.catalog.web.CatalogApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.support.IntegrationTest;

@IntegrationTest
class DataCenterApiTest {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    IdentityService identityService;

    CatalogApi api;

    @BeforeEach
    void setUp() {
        api = new CatalogApi(rest, identityService);
    }

    @Test
    void createReadUpdateDelete() {
        String name = unique("Frankfurt");
        JsonNode created = api.create("/datacenters", Map.of("name", name, "externalId", "loc-7", "sortOrder", 3,
                "icon", Map.of("countryCode", "de")));
        long id = created.get("id").asLong();
        assertThat(created.get("name").asText()).isEqualTo(name);
        assertThat(created.get("externalId").asText()).isEqualTo("loc-7");
        assertThat(created.get("sortOrder").asInt()).isEqualTo(3);
        assertThat(created.at("/icon/countryCode").asText()).isEqualTo("DE");

        assertThat(api.json(api.admin(HttpMethod.GET, "/datacenters/" + id, null)).get("name").asText())
                .isEqualTo(name);
        assertThat(api.json(api.admin(HttpMethod.GET, "/datacenters", null)).findValuesAsText("name"))
                .contains(name);

        var updated = api.admin(HttpMethod.PUT, "/datacenters/" + id,
                Map.of("name", name + "-2", "icon", Map.of("imageUrl", "https://example.net/dc.png")));
        assertThat(updated.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode body = api.json(updated);
        assertThat(body.get("name").asText()).isEqualTo(name + "-2");
        assertThat(body.at("/icon/imageUrl").asText()).isEqualTo("https://example.net/dc.png");
        assertThat(body.at("/icon/countryCode").isMissingNode()).isTrue();
        assertThat(body.get("externalId").isNull()).isTrue();

        var ownImage = api.json(api.admin(HttpMethod.PUT, "/datacenters/" + id,
                Map.of("name", name, "icon", Map.of("imageUrl", "/assets/dc.png"))));
        assertThat(ownImage.at("/icon/imageUrl").asText()).isEqualTo("/assets/dc.png");
        var plainHttp = api.json(api.admin(HttpMethod.PUT, "/datacenters/" + id,
                Map.of("name", name, "icon", Map.of("imageUrl", "http://cdn.example.net/dc.png"))));
        assertThat(plainHttp.at("/icon/imageUrl").asText()).isEqualTo("http://cdn.example.net/dc.png");

        var noIcon = api.json(api.admin(HttpMethod.PUT, "/datacenters/" + id, Map.of("name", name)));
        assertThat(noIcon.get("icon").isNull()).isTrue();

        assertThat(api.admin(HttpMethod.DELETE, "/datacenters/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(api.admin(HttpMethod.GET, "/datacenters/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void rejectsBadInputNamingTheField() {
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/datacenters", Map.of("sortOrder", 1))))
                .containsExactly("name");
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/datacenters",
                Map.of("name", "x", "icon", Map.of("countryCode", "NLD")))))
                .containsExactly("icon.countryCode");
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/datacenters",
                Map.of("name", "x", "icon", Map.of("countryCode", "NL", "imageUrl", "https://x/y.png")))))
                .containsExactly("icon");
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/datacenters", Map.of("name", "x", "icon", Map.of()))))
                .containsExactly("icon");
        // two letters that name no country: the console's country list has no entry to show or keep it
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/datacenters",
                Map.of("name", "x", "icon", Map.of("countryCode", "ZZ")))))
                .containsExactly("icon.countryCode");
        // an icon is an http(s) address with a host or a path on HostFlow itself: nothing a page could run or miss
        for (String image : new String[] {"javascript:alert(1)", "data:image/png;base64,AA==", "ftp://example.net/a.png",
            "//example.net/dc.png", "dc.png", "https:///dc.png"}) {
            assertThat(api.errorFields(api.admin(HttpMethod.POST, "/datacenters",
                    Map.of("name", "x", "icon", Map.of("imageUrl", image)))))
                    .as(image).containsExactly("icon.imageUrl");
        }
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/datacenters", Map.of("name", "x", "color", "red"))))
                .containsExactly("color");
    }

    @Test
    void unknownIdIs404() {
        assertThat(api.admin(HttpMethod.GET, "/datacenters/999999", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.admin(HttpMethod.PUT, "/datacenters/999999", Map.of("name", "x")).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.admin(HttpMethod.DELETE, "/datacenters/999999", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void onlyAdminsWriteButEveryoneReads() {
        long id = api.dataCenter();
        assertThat(api.staff(HttpMethod.POST, "/datacenters", Map.of("name", "x")).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.client(HttpMethod.PUT, "/datacenters/" + id, Map.of("name", "x")).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.staff(HttpMethod.DELETE, "/datacenters/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.staff(HttpMethod.GET, "/datacenters/" + id, null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(api.client(HttpMethod.GET, "/datacenters", null).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aDataCenterInUseCannotBeDeleted() {
        long dataCenter = api.dataCenter();
        api.create("/processing-modules", api.vmModuleForm(dataCenter, "pw"));

        assertThat(api.admin(HttpMethod.DELETE, "/datacenters/" + dataCenter, null).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
    }
}
