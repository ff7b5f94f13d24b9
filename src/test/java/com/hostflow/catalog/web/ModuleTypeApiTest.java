package com.hostflow.catalog.web;

import static org.assertj.core.api.Assertions.assertThat;

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
class ModuleTypeApiTest {

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
    void listsTheInstalledModuleTypesWithTheirFeaturesAndFields() {
        JsonNode types = api.json(api.staff(HttpMethod.GET, "/module-types", null));

        JsonNode vm = null;
        for (JsonNode type : types) {
            if (type.get("type").asText().equals("vmmanager6")) {
                vm = type;
            }
        }
        assertThat(types.findValuesAsText("type")).contains("vmmanager6", "manual");
        assertThat(vm).isNotNull();
        assertThat(vm.get("productTypes").get(0).asText()).isEqualTo("vds");
        assertThat(vm.get("requiresDataCenter").asBoolean()).isTrue();
        assertThat(vm.get("features").toString())
                .contains("\"open\"", "\"suspend\"", "\"resume\"", "\"close\"", "\"setparam\"", "\"sync\"");
        assertThat(vm.get("configFields").findValuesAsText("name")).contains("url", "username", "password");
        assertThat(vm.get("offersValuesFor").toString()).as("its OS images fill os's choices").isEqualTo("[\"os\"]");

        JsonNode manual = api.json(api.admin(HttpMethod.GET, "/module-types/manual", null));
        assertThat(manual.get("requiresDataCenter").asBoolean()).isFalse();
        assertThat(manual.get("offersValuesFor").toString()).isEqualTo("[]");
        assertThat(api.admin(HttpMethod.GET, "/module-types/nope", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void clientsMayNotSeeModuleTypes() {
        assertThat(api.client(HttpMethod.GET, "/module-types", null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }
}
