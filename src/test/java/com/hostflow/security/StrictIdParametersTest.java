package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.support.IntegrationTest;

/**
 * A numeric id in a path or query parameter is ASCII digits only, in the API, the console and the client area: hex,
 * a sign, blanks, other scripts' digits, exponents and values past Long's range are the 400 a non-number gets (the
 * API's problem naming the parameter, the pages' 400 page), never another id's 200 or 404, never a 500. Spelled so
 * that Spring's lenient reading would have found the real record: {@code 0x<hex of the id>}, {@code +<id>}, the id
 * in Arabic-Indic digits (or another record: {@code "<id> 0"}, read as ten times the id, blanks dropped). The engine
 * REST keeps its own string ids; page numbers are no ids and keep their reading.
 */
@IntegrationTest
class StrictIdParametersTest {

    @Autowired
    TestRestTemplate http;

    SecurityFixtures f;

    @BeforeEach
    void fixtures() {
        f = SecurityFixtures.create(http);
    }

    /** Bad spellings of the id, written as they go into the URL (already escaped where needed). */
    private static List<String> badSpellings(long id, boolean inQuery) {
        String digits = Long.toString(id);
        return List.of("0x" + Long.toHexString(id), "0X" + Long.toHexString(id), "%23" + Long.toHexString(id),
                (inQuery ? "%2B" : "+") + digits, "-" + digits, "%20" + digits, digits + "%20", "%09" + digits,
                digits + "%200",
                escaped(otherDigits(digits, '\u0660')), escaped(otherDigits(digits, '\uFF10')),
                escaped(otherDigits(digits, '\u0966')), digits + ".0", digits + "e0", "1_0", "abc",
                "9223372036854775808", "99999999999999999999");
    }

    @Test
    void theApiRefusesEveryIdThatIsNotPlainDigitsNamingTheParameter() {
        assertThat(api("/api/v1/clients/" + f.clientA).getStatusCode().value()).isEqualTo(200);
        assertThat(api("/api/v1/tariffs/" + f.tariffId).getStatusCode().value()).isEqualTo(200);
        assertThat(api("/api/v1/services?clientId=" + f.clientA).getStatusCode().value()).isEqualTo(200);

        for (String bad : badSpellings(f.clientA, false)) {
            assertProblem(api("/api/v1/clients/" + bad), "id", bad);
            assertProblem(api("/api/v1/clients/" + bad + "/account"), "clientId", bad);
        }
        for (String bad : badSpellings(f.tariffId, false)) {
            assertProblem(api("/api/v1/tariffs/" + bad), "id", bad);
        }
        for (String bad : badSpellings(f.clientA, true)) {
            assertProblem(api("/api/v1/services?clientId=" + bad), "clientId", bad);
            assertProblem(api("/api/v1/orders?clientId=" + bad), "clientId", bad);
        }
    }

    @Test
    void goodIdsStillWorkLeadingZerosAndTheLargestIdIncluded() {
        assertThat(json(api("/api/v1/clients/00" + f.clientA)).path("id").asLong()).isEqualTo(f.clientA);
        ResponseEntity<String> largest = api("/api/v1/clients/" + Long.MAX_VALUE);
        assertThat(largest.getStatusCode().value()).as("an unknown id, not a bad one").isEqualTo(404);
        assertThat(api("/api/v1/services?clientId=" + Long.MAX_VALUE).getStatusCode().value()).isEqualTo(200);
        assertThat(api("/api/v1/clients?page=0&size=1").getStatusCode().value()).isEqualTo(200);
        assertThat(json(api("/api/v1/clients?page=-1")).path("detail").asText()).contains("between 0 and");
        // an empty parameter is a left-out one, as before
        assertThat(api("/api/v1/services?clientId=").getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void theConsoleAndTheClientAreaAnswerTheir400PageToTheSameSpellings() {
        SharedSessionClient admin = new SharedSessionClient(http);
        assertThat(admin.pageLogin(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD)).isEqualTo("/console");
        assertThat(admin.page("/console/clients/" + f.clientA)).isEqualTo(200);
        assertThat(admin.page("/console/clients/" + Long.MAX_VALUE)).isEqualTo(404);

        SharedSessionClient client = new SharedSessionClient(http);
        assertThat(client.pageLogin(f.clientAEmail, SecurityFixtures.PASSWORD)).isEqualTo("/my");
        assertThat(client.page("/my/order/" + f.tariffId)).isEqualTo(200);
        assertThat(client.page("/my/order/" + Long.MAX_VALUE)).isEqualTo(404);

        for (String bad : badSpellings(f.clientA, false)) {
            ResponseEntity<String> page = admin.get("/console/clients/" + bad);
            assertThat(page.getStatusCode().value()).as(bad).isEqualTo(400);
            assertThat(page.getBody()).as(bad).contains("The address is not valid.");
        }
        for (String bad : badSpellings(f.tariffId, false)) {
            ResponseEntity<String> page = client.get("/my/order/" + bad);
            assertThat(page.getStatusCode().value()).as(bad).isEqualTo(400);
            assertThat(page.getBody()).as(bad).contains("The address is not valid.");
            assertThat(client.get("/my/order/" + bad + "/price").getStatusCode().value()).as(bad).isEqualTo(400);
        }
    }

    /** Jersey's engine REST is none of Spring's: its ids are strings, and a hex-looking one is just unknown. */
    @Test
    void theEngineRestKeepsItsOwnStringIds() {
        ResponseEntity<String> unknown = http.withBasicAuth(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD)
                .exchange(URI.create(http.getRootUri() + "/engine-rest/process-instance/0x10"), HttpMethod.GET, null,
                        String.class);
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(unknown.getBody()).contains("0x10");
    }

    private ResponseEntity<String> api(String path) {
        return http.withBasicAuth(SecurityFixtures.ADMIN, SecurityFixtures.ADMIN_PASSWORD)
                .exchange(URI.create(http.getRootUri() + path), HttpMethod.GET, null, String.class);
    }

    private static void assertProblem(ResponseEntity<String> answer, String parameter, String bad) {
        assertThat(answer.getStatusCode().value()).as(bad + ": " + answer.getBody()).isEqualTo(400);
        assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .as(bad).isTrue();
        assertThat(json(answer).path("errors").findValuesAsText("field")).as(bad).containsExactly(parameter);
    }

    private static JsonNode json(ResponseEntity<String> answer) {
        return SecurityFixtures.json(answer);
    }

    /** The number written with another script's digits (its zero given), which {@code Long.parseLong} reads too. */
    private static String otherDigits(String digits, char zero) {
        StringBuilder other = new StringBuilder();
        digits.chars().forEach(c -> other.append((char) (zero + (c - '0'))));
        return other.toString();
    }

    private static String escaped(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
