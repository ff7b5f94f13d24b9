package com.hostflow.catalog.web;

import static com.hostflow.catalog.web.CatalogApi.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;

import com.hostflow.support.IntegrationTest;

/**
 * A body that its bean constraints refuse is also given the catalog's own checks, so one 400 names every bad field:
 * a blank tariff name hid its unknown provider, a blank product-type name its duplicate resource, a blank data-center
 * name its icon with both a flag and an image, each until the first was fixed.
 */
@IntegrationTest
class OneRoundValidationApiTest {

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
    void aTariffWithABlankNameAndAnUnknownProviderNamesBoth() {
        Map<String, Object> tariff = api.tariffForm(api.provider(), api.tariffGroup(), api.manualModule());

        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/tariffs",
                with(with(tariff, "name", ""), "providerId", 987654321))))
                .containsExactlyInAnyOrder("name", "providerId");
    }

    @Test
    void aProductTypeWithABlankNameAndADuplicateResourceNamesBoth() {
        Map<String, Object> type = with(ProductTypeApiTest.form("one-round-" + System.nanoTime()), "name", " ");

        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/product-types", with(type, "resources", List.of(
                Map.of("code", "a", "name", "A", "unit", "x"), Map.of("code", "a", "name", "B", "unit", "x"))))))
                .containsExactlyInAnyOrder("name", "resources[1].code");
    }

    /** A create without its code: the code's problem was the create's own check, one round after the name's. */
    @Test
    void aNewProductTypeWithoutACodeAndWithABlankNameNamesBoth() {
        Map<String, Object> type = new java.util.HashMap<>(with(ProductTypeApiTest.form("no-code"), "name", " "));
        type.remove("code");

        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/product-types", type)))
                .containsExactlyInAnyOrder("code", "name");
    }

    @Test
    void aDataCenterWithABlankNameAndTwoIconsNamesBoth() {
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/datacenters", Map.of("name", "", "sortOrder", 1,
                "icon", Map.of("countryCode", "NL", "imageUrl", "/flags/nl.png")))))
                .containsExactlyInAnyOrder("name", "icon");
    }

    /** A calendar's unknown provider and bad time zone came a round after its constraints' problems. */
    @Test
    void aCalendarWithAMissingWeekendAndAnUnknownProviderAndZoneNamesAll() {
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/calendars", Map.of("providerId", 987654321,
                "timeZone", "Mars/Olympus"))))
                .containsExactlyInAnyOrder("weekendDays", "providerId", "timeZone");
        // an update the same: its provider is checked too (it must be the calendar's own, else 409)
        assertThat(api.errorFields(api.admin(HttpMethod.PUT, "/calendars/987654321", Map.of("providerId", 987654321,
                "timeZone", "Mars/Olympus", "weekendDays", List.of("SATURDAY"),
                "holidays", List.of(Map.of("date", "2027-13-01", "name", " "))))))
                .containsExactlyInAnyOrder("holidays[0].name", "providerId", "timeZone", "holidays[0].date");
    }

    /** A department's role-group key and bad task times came a round after its constraints' problems. */
    @Test
    void aDepartmentWithABlankNameAndARoleKeyAndBadTimesNamesAll() {
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/departments", Map.of("name", " ",
                "key", "hostflow-staff", "taskDueAfter", "four hours"))))
                .containsExactlyInAnyOrder("name", "key", "taskDueAfter");
        long department = api.department();
        assertThat(api.errorFields(api.admin(HttpMethod.PUT, "/departments/" + department, Map.of("name", "",
                "key", "whatever", "taskDueAfter", "PT1H", "taskFollowUpAfter", "PT2H"))))
                .containsExactlyInAnyOrder("name", "taskFollowUpAfter");
    }

    /**
     * The bean constraints' problems come in the form's order, the same at every try: Hibernate Validator hands them
     * over from a hash set, and one body without three of its fields was answered in a different order each time.
     */
    @Test
    void theConstraintsProblemsComeInTheFormsOrderEveryTime() {
        Map<String, Object> type = new java.util.HashMap<>(ProductTypeApiTest.form("form-order-" + System.nanoTime()));
        type.remove("autoDeletionDays");
        type.remove("clientDeletion");
        type.remove("onClientDelete");

        for (int i = 0; i < 6; i++) {
            assertThat(api.errorFields(api.admin(HttpMethod.POST, "/product-types", type))).as("try %d", i)
                    .containsExactly("autoDeletionDays", "clientDeletion", "onClientDelete");
        }
    }
}
