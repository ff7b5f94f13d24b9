package com.hostflow.catalog.web;

import static com.hostflow.catalog.web.CatalogApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.catalog.BusinessCalendarForm;
import com.hostflow.catalog.BusinessCalendarService;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.WhileHolding;

@IntegrationTest
class ProviderApiTest {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    IdentityService identityService;

    @Autowired
    BusinessCalendarService calendars;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    CatalogApi api;

    @BeforeEach
    void setUp() {
        api = new CatalogApi(rest, identityService);
    }

    /** The database keeps it too (V103): a calendar left naming a deleted provider is refused however it is written. */
    @Test
    void aBusinessCalendarNeedsAProviderThatExists() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.update("insert into hostflow.business_calendar"
                + " (provider_id, time_zone, weekend_days) values (-5, 'UTC', 'SATURDAY,SUNDAY')"))
                .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class)
                .hasMessageContaining("fk_business_calendar_provider");
    }

    @Test
    void createReadUpdateDelete() {
        String name = unique("Hoster");
        JsonNode created = api.create("/providers", Map.of("name", name, "currency", "usd"));
        long id = created.get("id").asLong();
        assertThat(created.get("currency").asText()).isEqualTo("USD");

        long withClients = api.provider();
        assertThat(api.as(api.clientOf(withClients), HttpMethod.GET, "/providers/" + withClients, null)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        // a client login without a client buys from no provider
        assertThat(api.client(HttpMethod.GET, "/providers/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.json(api.staff(HttpMethod.GET, "/providers", null)).findValuesAsText("name")).contains(name);

        JsonNode updated = api.json(api.admin(HttpMethod.PUT, "/providers/" + id,
                Map.of("name", name + "-2", "currency", "EUR")));
        assertThat(updated.get("name").asText()).isEqualTo(name + "-2");
        assertThat(updated.get("currency").asText()).isEqualTo("EUR");

        assertThat(api.admin(HttpMethod.DELETE, "/providers/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(api.admin(HttpMethod.GET, "/providers/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    /**
     * Item 5 of helper-98's brief: Java's currency list also holds withdrawn currencies (the mark, the franc, the kuna)
     * and ones of 3 decimals (the dinars, the rial), which amounts kept with 2 decimals cannot charge exactly: each is
     * a 400 naming currency, on create and on update. They were taken.
     */
    @Test
    void aWithdrawnCurrencyOrOneOfThreeDecimalsIsRefused() {
        long id = api.create("/providers", Map.of("name", "Current " + UUID.randomUUID(), "currency", "EUR"))
                .get("id").asLong();
        for (String refused : List.of("DEM", "frf", "HRK", "VEF", "BHD", "KWD", "JOD", "OMR", "TND", "LYD", "IQD")) {
            assertThat(api.errorFields(api.admin(HttpMethod.POST, "/providers", Map.of("name", "x", "currency",
                    refused)))).as(refused).containsExactly("currency");
            assertThat(api.errorFields(api.admin(HttpMethod.PUT, "/providers/" + id, Map.of("name", "x", "currency",
                    refused)))).as(refused).containsExactly("currency");
        }
        assertThat(api.json(api.admin(HttpMethod.GET, "/providers/" + id, null)).get("currency").asText())
                .isEqualTo("EUR");
    }

    @Test
    void rejectsBadInputNamingTheField() {
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/providers", Map.of("currency", "EUR"))))
                .containsExactly("name");
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/providers", Map.of("name", "x"))))
                .containsExactly("currency");
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/providers", Map.of("name", "x", "currency", "EURO"))))
                .containsExactly("currency");
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/providers", Map.of("name", "x", "currency", "XQZ"))))
                .containsExactly("currency");
        // ISO codes of what is no money a client pays with: no currency, testing, gold, SDR, a fund
        for (String notMoney : List.of("XXX", "xts", "XAU", "XDR", "CLF")) {
            assertThat(api.errorFields(api.admin(HttpMethod.POST, "/providers", Map.of("name", "x", "currency",
                    notMoney)))).as(notMoney).containsExactly("currency");
        }
    }

    @Test
    void unknownIdIs404AndWritesAreForAdmins() {
        assertThat(api.admin(HttpMethod.GET, "/providers/999999", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.staff(HttpMethod.POST, "/providers", Map.of("name", "x", "currency", "EUR")).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.client(HttpMethod.POST, "/providers", Map.of("name", "x", "currency", "EUR")).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void aProviderWithTariffsCannotBeDeletedNorChangeItsCurrency() {
        long provider = api.provider();
        api.tariff(api.tariffForm(provider, api.tariffGroup(), api.manualModule()));

        assertThat(api.admin(HttpMethod.DELETE, "/providers/" + provider, null).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(api.admin(HttpMethod.PUT, "/providers/" + provider, Map.of("name", "x", "currency", "USD"))
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    /**
     * A client's account keeps its provider's currency: a client paid 50.00 EUR, and the provider, with no tariffs
     * yet, changed its currency to USD (200); its tariffs then charged USD prices from the balance the account still
     * showed in EUR.
     */
    @Test
    void aProviderWhoseClientsHoldAccountsCannotChangeItsCurrency() {
        long provider = api.provider();
        api.clientOf(provider);

        ResponseEntity<String> refused = api.admin(HttpMethod.PUT, "/providers/" + provider,
                Map.of("name", "x", "currency", "USD"));

        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody()).contains("currency");
        assertThat(api.json(api.admin(HttpMethod.GET, "/providers/" + provider, null)).get("currency").asText())
                .isEqualTo("EUR");
        assertThat(api.admin(HttpMethod.PUT, "/providers/" + provider, Map.of("name", "y", "currency", "EUR"))
                .getStatusCode()).as("its name still changes").isEqualTo(HttpStatus.OK);
    }

    /**
     * A provider's business calendar and clients keep it: its deletion is 409 saying what still uses it. With a
     * calendar it was deleted (204) and the calendar stayed, naming a provider that no longer existed; with clients
     * the database's key refused it, answered "conflicts with existing data" without saying what.
     */
    @Test
    void aProviderWithACalendarOrClientsIsNotDeletedAndSaysWhatUsesIt() {
        long withCalendar = api.provider();
        long calendar = api.create("/calendars", Map.of("providerId", withCalendar, "timeZone", "UTC",
                "weekendDays", List.of())).get("id").asLong();

        ResponseEntity<String> refused = api.admin(HttpMethod.DELETE, "/providers/" + withCalendar, null);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody()).contains("provider " + withCalendar + " has a business calendar (" + calendar
                + ")");
        assertThat(api.admin(HttpMethod.GET, "/providers/" + withCalendar, null).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        long withClients = api.provider();
        api.clientOf(withClients);
        ResponseEntity<String> inUse = api.admin(HttpMethod.DELETE, "/providers/" + withClients, null);
        assertThat(inUse.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(inUse.getBody()).contains("provider " + withClients + " still has clients")
                .doesNotContain("existing data");
    }

    /**
     * A calendar created while its provider is deleted: the creation holds the provider's row (for share) until it
     * commits, so the deletion waits for it and then sees the calendar (409); before, both succeeded and the
     * calendar was left naming a deleted provider.
     */
    @Test
    void aCalendarCreatedWhileItsProviderIsDeletedKeepsTheProvider() throws Exception {
        long provider = api.provider();

        ResponseEntity<String> deletion = new WhileHolding(transactions, jdbc).run(
                () -> calendars.create(new BusinessCalendarForm(provider, "UTC", List.of(), List.of())),
                () -> api.admin(HttpMethod.DELETE, "/providers/" + provider, null));

        assertThat(deletion.getStatusCode().value()).as(deletion.getBody()).isEqualTo(409);
        assertThat(deletion.getBody()).contains("has a business calendar");
        assertThat(api.admin(HttpMethod.GET, "/providers/" + provider, null).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }
}
