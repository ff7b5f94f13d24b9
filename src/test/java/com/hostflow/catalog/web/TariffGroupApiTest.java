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
import org.springframework.http.ResponseEntity;

import com.hostflow.support.IntegrationTest;

@IntegrationTest
class TariffGroupApiTest {

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
        String name = unique("Dedicated");
        long id = api.create("/tariff-groups", Map.of("name", name)).get("id").asLong();

        assertThat(api.json(api.client(HttpMethod.GET, "/tariff-groups/" + id, null)).get("name").asText())
                .isEqualTo(name);
        assertThat(api.json(api.staff(HttpMethod.GET, "/tariff-groups", null)).findValuesAsText("name"))
                .contains(name);
        assertThat(api.json(api.admin(HttpMethod.PUT, "/tariff-groups/" + id, Map.of("name", name + "-2")))
                .get("name").asText()).isEqualTo(name + "-2");
        assertThat(api.admin(HttpMethod.DELETE, "/tariff-groups/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(api.admin(HttpMethod.GET, "/tariff-groups/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    /** The new entry's address, whatever the create's address carried after it (it kept the query). */
    @Test
    void theLocationOfACreateIsTheNewEntrysAbsoluteAddress() {
        ResponseEntity<String> created = api.admin(HttpMethod.POST, "/tariff-groups?source=import",
                Map.of("name", unique("Located")));

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getHeaders().getLocation()).hasScheme("http").hasNoQuery()
                .hasPath("/api/v1/tariff-groups/" + api.json(created).get("id").asLong());
    }

    @Test
    void rejectsBadInputUnknownIdsAndNonAdmins() {
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/tariff-groups", Map.of("name", " "))))
                .containsExactly("name");
        assertThat(api.admin(HttpMethod.PUT, "/tariff-groups/999999", Map.of("name", "x")).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.staff(HttpMethod.POST, "/tariff-groups", Map.of("name", "x")).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void aGroupWithTariffsCannotBeDeleted() {
        long group = api.tariffGroup();
        api.tariff(api.tariffForm(api.provider(), group, api.manualModule()));

        assertThat(api.admin(HttpMethod.DELETE, "/tariff-groups/" + group, null).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
    }
}
