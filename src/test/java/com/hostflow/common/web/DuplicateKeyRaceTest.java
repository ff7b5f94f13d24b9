package com.hostflow.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.hostflow.catalog.BusinessCalendarForm;
import com.hostflow.catalog.BusinessCalendarService;
import com.hostflow.catalog.DepartmentForm;
import com.hostflow.catalog.DepartmentService;
import com.hostflow.catalog.ProviderForm;
import com.hostflow.catalog.ProviderService;
import com.hostflow.clients.ClientService;
import com.hostflow.clients.ClientService.ClientData;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.WhileHolding;

/**
 * Two creates of one unique key at once both pass the service's check, and the later one meets the database's key:
 * it answered "the change conflicts with existing data" where one sent after the first is told what is taken. Each
 * test holds the first create's transaction open until the request waits on the key's index, then commits it.
 */
@IntegrationTest
class DuplicateKeyRaceTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    ProviderService providers;
    @Autowired
    BusinessCalendarService calendars;
    @Autowired
    ClientService clients;
    @Autowired
    DepartmentService departments;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    final String unique = UUID.randomUUID().toString().substring(0, 8);
    long providerId;

    @BeforeEach
    void provider() {
        providerId = providers.create(new ProviderForm("Duplicates " + unique, "EUR")).id();
    }

    @Test
    void aSecondCalendarOfAProviderCreatedAtOnceIsToldTheProviderHasOne() throws Exception {
        ResponseEntity<String> second = new WhileHolding(transactions, jdbc).run(
                () -> calendars.create(new BusinessCalendarForm(providerId, "UTC", List.of(), List.of())),
                () -> admin().postForEntity("/api/v1/calendars", Map.of("providerId", providerId, "timeZone", "UTC",
                        "weekendDays", List.of()), String.class));

        assertThat(second.getStatusCode().value()).as(second.getBody()).isEqualTo(409);
        assertThat(second.getBody()).contains("provider " + providerId + " has a calendar already")
                .doesNotContain("existing data");
    }

    @Test
    void aSecondClientOfOneEmailCreatedAtOnceIsToldTheEmailIsTaken() throws Exception {
        String email = "twice-" + unique + "@example.com";
        ResponseEntity<String> second = new WhileHolding(transactions, jdbc).run(
                () -> clients.create(new ClientData(email, "First " + unique, null, providerId, null)),
                () -> admin().postForEntity("/api/v1/clients", Map.of("email", email, "name", "Second " + unique,
                        "providerId", providerId), String.class));

        assertThat(second.getStatusCode().value()).as(second.getBody()).isEqualTo(409);
        assertThat(second.getBody()).contains("a client with email " + email + " exists")
                .doesNotContain("existing data");
    }

    /**
     * A create that names a row deleted at the same moment passes the service's check, then meets the database's
     * foreign key once the deletion commits: it answered "conflicts with existing data" without saying what; now it
     * names the row that is gone.
     */
    @Test
    void aClientCreatedWhileItsProviderIsDeletedIsToldTheProviderIsGone() throws Exception {
        ResponseEntity<String> create = new WhileHolding(transactions, jdbc).run(
                () -> providers.delete(providerId, IfMatch.ANY),
                () -> admin().postForEntity("/api/v1/clients", Map.of("email", "gone-" + unique + "@example.com",
                        "name", "Too late " + unique, "providerId", providerId), String.class));

        assertThat(create.getStatusCode().value()).as(create.getBody()).isEqualTo(409);
        assertThat(create.getBody()).contains("provider " + providerId + " does not exist (any more)")
                .doesNotContain("existing data");
    }

    /** The database's key is the exact one: two keys that differ in case only both passed the check and both stayed. */
    @Test
    void aDepartmentKeyCreatedAtOnceInAnotherCaseIsToldTheKeyIsTaken() throws Exception {
        ResponseEntity<String> second = new WhileHolding(transactions, jdbc).run(
                () -> departments.create(new DepartmentForm("First " + unique, "Race-" + unique)),
                () -> admin().postForEntity("/api/v1/departments", Map.of("name", "Second " + unique,
                        "key", "race-" + unique), String.class));

        assertThat(second.getStatusCode().value()).as(second.getBody()).isEqualTo(409);
        assertThat(second.getBody()).contains("a department with key 'Race-" + unique + "' exists already");
        assertThat(jdbc.queryForObject("select count(*) from hostflow.department where lower(department_key) = ?",
                Integer.class, "race-" + unique)).isEqualTo(1);
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }
}
