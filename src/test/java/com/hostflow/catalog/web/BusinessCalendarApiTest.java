package com.hostflow.catalog.web;

import static com.hostflow.catalog.web.CatalogApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.catalog.BusinessCalendarService;
import com.hostflow.catalog.WorkingDays;
import com.hostflow.support.AtOnce;
import com.hostflow.support.IntegrationTest;

@IntegrationTest
class BusinessCalendarApiTest {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    IdentityService identityService;

    @Autowired
    BusinessCalendarService calendars;

    CatalogApi api;
    long providerId;

    @BeforeEach
    void setUp() {
        api = new CatalogApi(rest, identityService);
        providerId = api.create("/providers", Map.of("name", unique("Calendar hoster"), "currency", "EUR"))
                .get("id").asLong();
    }

    @Test
    void aProvidersCalendarDecidesItsWorkingDays() {
        assertThat(calendars.workingDays(providerId)).as("no calendar: Saturday and Sunday, UTC")
                .isEqualTo(WorkingDays.DEFAULT);

        JsonNode created = api.create("/calendars", Map.of("providerId", providerId, "timeZone", "Asia/Dubai",
                "weekendDays", List.of("friday", "SATURDAY"),
                "holidays", List.of(Map.of("date", "2027-12-02", "name", "National Day"))));
        long id = created.get("id").asLong();

        assertThat(created.get("weekendDays")).extracting(JsonNode::asText).containsExactly("FRIDAY", "SATURDAY");
        WorkingDays days = calendars.workingDays(providerId);
        assertThat(days.zone()).isEqualTo(ZoneId.of("Asia/Dubai"));
        assertThat(days.isWorkingDay(LocalDate.of(2027, 12, 5))).as("a Sunday works there").isTrue();
        assertThat(days.isWorkingDay(LocalDate.of(2027, 12, 3))).as("a Friday rests").isFalse();
        assertThat(days.isWorkingDay(LocalDate.of(2027, 12, 2))).as("a holiday rests").isFalse();
        // Thursday 2 Dec 22:00 UTC is Friday 3 Dec 02:00 in Dubai: the next working time is Sunday 5 Dec 00:00 there
        assertThat(days.workingTimeFrom(Instant.parse("2027-12-01T22:00:00Z")))
                .isEqualTo(Instant.parse("2027-12-04T20:00:00Z"));

        JsonNode updated = api.json(api.admin(HttpMethod.PUT, "/calendars/" + id, Map.of("providerId", providerId,
                "timeZone", "UTC", "weekendDays", List.of("SUNDAY"), "holidays", List.of())));
        assertThat(updated.get("holidays")).isEmpty();
        assertThat(calendars.workingDays(providerId).weekendDays()).containsExactly(DayOfWeek.SUNDAY);
        assertThat(api.json(api.staff(HttpMethod.GET, "/calendars/" + id, null)).get("timeZone").asText())
                .isEqualTo("UTC");

        assertThat(api.admin(HttpMethod.DELETE, "/calendars/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(calendars.workingDays(providerId)).isEqualTo(WorkingDays.DEFAULT);
    }

    @Test
    void tenConcurrentUpdatesApplyOneAfterTheOtherEachWhole() throws Exception {
        long id = api.create("/calendars", numbered(0)).get("id").asLong();
        for (int round = 0; round < 3; round++) {
            AtomicInteger next = new AtomicInteger();
            List<HttpStatus> answers = AtOnce.run(10, () -> (HttpStatus) api.admin(HttpMethod.PUT, "/calendars/" + id,
                    numbered(next.getAndIncrement())).getStatusCode());

            assertThat(answers).as("round " + round).containsOnly(HttpStatus.OK);
            JsonNode stored = api.json(api.admin(HttpMethod.GET, "/calendars/" + id, null));
            int body = Integer.parseInt(stored.get("holidays").get(0).get("name").asText().substring(1));
            assertThat(stored.get("holidays").findValuesAsText("name")).hasSize(body + 1).containsOnly("H" + body);
            assertThat(stored.get("weekendDays")).extracting(JsonNode::asText)
                    .containsExactly(DayOfWeek.of(body % 7 + 1).name());
            assertThat(api.admin(HttpMethod.GET, "/calendars", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        }
    }

    /** Body number {@code n}: n + 1 holidays named H{n}, and one weekend day chosen by n. */
    private Map<String, Object> numbered(int n) {
        List<Map<String, Object>> holidays = new ArrayList<>();
        for (int day = 1; day <= n + 1; day++) {
            holidays.add(Map.of("date", LocalDate.of(2027, 1, day).toString(), "name", "H" + n));
        }
        return Map.of("providerId", providerId, "timeZone", "UTC",
                "weekendDays", List.of(DayOfWeek.of(n % 7 + 1).name()), "holidays", holidays);
    }

    @Test
    void rejectsBadInputNamingTheField() {
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/calendars", Map.of("providerId", providerId,
                "timeZone", "Mars/Olympus", "weekendDays", List.of("Caturday", "SUNDAY", "SUNDAY"),
                "holidays", List.of(Map.of("date", "2027-02-30", "name", "Nope"))))))
                .containsExactlyInAnyOrder("timeZone", "weekendDays[0]", "weekendDays[2]", "holidays[0].date");
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/calendars", Map.of("providerId", 987654321L,
                "timeZone", "UTC", "weekendDays", List.of())))).containsExactly("providerId");
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/calendars", Map.of("providerId", providerId,
                "timeZone", "UTC", "weekendDays", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY",
                        "SATURDAY", "SUNDAY"))))).contains("weekendDays");
    }

    @Test
    void aNullHolidayIsA400NamingItAndWritesNothing() {
        Map<String, Object> withNull = Map.of("providerId", providerId, "timeZone", "UTC",
                "weekendDays", List.of("SUNDAY"), "holidays", Collections.singletonList(null));
        assertThat(api.errorFields(api.admin(HttpMethod.POST, "/calendars", withNull)))
                .containsExactly("holidays[0]");
        assertThat(calendars.workingDays(providerId)).isEqualTo(WorkingDays.DEFAULT);

        long id = api.create("/calendars", Map.of("providerId", providerId, "timeZone", "UTC",
                "weekendDays", List.of("SATURDAY", "SUNDAY"),
                "holidays", List.of(Map.of("date", "2027-12-25", "name", "Christmas")))).get("id").asLong();
        assertThat(api.errorFields(api.admin(HttpMethod.PUT, "/calendars/" + id, withNull)))
                .containsExactly("holidays[0]");
        assertThat(calendars.workingDays(providerId).holidays()).containsOnlyKeys(LocalDate.of(2027, 12, 25));
        assertThat(calendars.workingDays(providerId).weekendDays())
                .containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    }

    @Test
    void oneCalendarPerProviderAndOnlyAdminsWrite() {
        Map<String, Object> calendar = Map.of("providerId", providerId, "timeZone", "UTC",
                "weekendDays", List.of("SATURDAY", "SUNDAY"));
        api.create("/calendars", calendar);

        assertThat(api.admin(HttpMethod.POST, "/calendars", calendar).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(api.staff(HttpMethod.POST, "/calendars", calendar).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.client(HttpMethod.GET, "/calendars", null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.admin(HttpMethod.GET, "/calendars/987654321", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }
}
