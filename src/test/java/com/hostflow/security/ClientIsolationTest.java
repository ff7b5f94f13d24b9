package com.hostflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.support.IntegrationTest;

/**
 * A client reaches only its own data: it cannot name another client in a body (nothing is written), and lists never
 * show another client's rows, with or without a filter.
 */
@IntegrationTest
class ClientIsolationTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    IdentityService identityService;

    SecurityFixtures f;

    @BeforeEach
    void twoClients() {
        f = SecurityFixtures.create(http);
    }

    @Test
    void aClientCannotPayIntoAnotherClientsAccount() {
        String externalId = "bank-intruder-" + f.suffix;
        String balanceBefore = balanceOfA();

        ResponseEntity<String> paid = f.asClientB(HttpMethod.POST, "/payments",
                Map.of("clientId", f.clientA, "amount", "5.00", "externalId", externalId));
        ResponseEntity<String> withProvider = f.asClientB(HttpMethod.POST, "/payments",
                Map.of("clientId", f.clientA, "amount", "5.00", "externalId", externalId + "-p",
                        "providerId", f.providerId));

        assertThat(paid.getStatusCode().value()).isEqualTo(403);
        assertThat(withProvider.getStatusCode().value()).isEqualTo(403);
        assertThat(balanceOfA()).isEqualTo(balanceBefore);
        String allPayments = f.asAdmin(HttpMethod.GET, "/payments?size=500", null, 200).getBody();
        assertThat(allPayments).doesNotContain(externalId);
    }

    @Test
    void aClientCannotCreditItself() {
        String balanceBefore = SecurityFixtures.json(f.asClientB(HttpMethod.GET, "/clients/" + f.clientB + "/account",
                null)).get("balance").asText();

        ResponseEntity<String> paid = f.asClientB(HttpMethod.POST, "/payments",
                Map.of("clientId", f.clientB, "amount", "5.00", "externalId", "bank-own-" + f.suffix));

        assertThat(paid.getStatusCode().value()).as(paid.getBody()).isEqualTo(403);
        assertThat(SecurityFixtures.json(f.asClientB(HttpMethod.GET, "/clients/" + f.clientB + "/account", null))
                .get("balance").asText()).isEqualTo(balanceBefore);
    }

    @Test
    void paymentListsShowOnlyTheCallersOwnRows() {
        f.asAdmin(HttpMethod.POST, "/payments",
                Map.of("clientId", f.clientB, "amount", "5.00", "externalId", "bank-own-" + f.suffix), 201);

        ResponseEntity<String> unfiltered = f.asClientB(HttpMethod.GET, "/payments?size=500", null);
        ResponseEntity<String> filteredOnA = f.asClientB(HttpMethod.GET, "/payments?clientId=" + f.clientA, null);
        ResponseEntity<String> seenByA = f.asClientA(HttpMethod.GET, "/payments", null);

        assertThat(unfiltered.getStatusCode().value()).isEqualTo(200);
        assertThat(clientIds(SecurityFixtures.json(unfiltered))).containsOnly(f.clientB).isNotEmpty();
        assertThat(filteredOnA.getStatusCode().value()).isEqualTo(404);
        assertThat(filteredOnA.getBody()).doesNotContain(f.paymentAExternalId);
        assertThat(clientIds(SecurityFixtures.json(seenByA))).containsOnly(f.clientA).isNotEmpty();
        assertThat(f.asClientB(HttpMethod.GET, "/payments/" + f.paymentA, null).getStatusCode().value())
                .isEqualTo(404);
    }

    @Test
    void theClientListShowsOnlyTheCallersOwnClient() {
        JsonNode seenByB = SecurityFixtures.json(f.asClientB(HttpMethod.GET, "/clients?size=500", null));

        assertThat(seenByB).extracting(c -> c.get("id").asLong()).containsExactly(f.clientB);
        assertThat(f.asClientB(HttpMethod.GET, "/clients/" + f.clientA + "/account", null).getStatusCode().value())
                .isEqualTo(404);
        assertThat(f.asClientA(HttpMethod.GET, "/clients/" + f.clientA + "/account", null).getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void aClientSeesOnlyItsOwnProvidersCatalog() {
        Map<String, Object> otherProvidersForm = f.tariffForm();
        otherProvidersForm.put("providerId", f.spareProviderId);
        otherProvidersForm.put("name", "Elsewhere " + f.suffix);
        long elsewhere = f.createdId("/tariffs", otherProvidersForm);

        JsonNode tariffsSeenByA = SecurityFixtures.json(f.asClientA(HttpMethod.GET, "/tariffs", null));
        JsonNode providersSeenByA = SecurityFixtures.json(f.asClientA(HttpMethod.GET, "/providers", null));

        assertThat(tariffsSeenByA).extracting(t -> t.get("providerId").asLong()).containsOnly(f.providerId);
        assertThat(tariffsSeenByA).extracting(t -> t.get("id").asLong()).contains(f.tariffId);
        // a filter naming what the client may not see is 404, as the provider's own page (it was an empty list)
        assertThat(f.asClientA(HttpMethod.GET, "/tariffs?providerId=" + f.spareProviderId, null).getStatusCode()
                .value()).isEqualTo(404);
        assertThat(f.asClientA(HttpMethod.GET, "/tariffs?providerId=" + f.providerId, null).getStatusCode().value())
                .isEqualTo(200);
        assertThat(f.asClientA(HttpMethod.GET, "/tariffs/" + elsewhere, null).getStatusCode().value()).isEqualTo(404);
        assertThat(f.asClientA(HttpMethod.GET, "/tariffs/" + elsewhere + "/price?period=MONTH", null)
                .getStatusCode().value()).isEqualTo(404);
        assertThat(providersSeenByA).extracting(p -> p.get("id").asLong()).containsExactly(f.providerId);
        assertThat(f.asClientA(HttpMethod.GET, "/providers/" + f.spareProviderId, null).getStatusCode().value())
                .isEqualTo(404);
        assertThat(f.asClientA(HttpMethod.GET, "/providers/" + f.providerId, null).getStatusCode().value())
                .isEqualTo(200);
        // staff and admins keep the whole catalog
        assertThat(SecurityFixtures.json(f.asAdmin(HttpMethod.GET, "/tariffs", null, 200)))
                .extracting(t -> t.get("id").asLong()).contains(f.tariffId, elsewhere);
        assertThat(f.asAdmin(HttpMethod.GET, "/providers/" + f.spareProviderId, null, 200).getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void aClientCannotOrderForAnotherClient() {
        ResponseEntity<String> ordered = f.asClientB(HttpMethod.POST, "/orders", f.orderForm(f.clientA));

        assertThat(ordered.getStatusCode().value()).isIn(403, 404);
        assertThat(ordered.getBody()).doesNotContain(f.clientAEmail);
        ResponseEntity<String> servicesOfA = f.call("demo", "demo", HttpMethod.GET,
                "/services?clientId=" + f.clientA, null);
        if (servicesOfA.getStatusCode().is2xxSuccessful()) {
            assertThat(clientIds(SecurityFixtures.json(servicesOfA))).doesNotContain(f.clientA);
        }
        assertThat(balanceOfA()).isEqualTo("100.00");
    }

    @Test
    void aClientOrderingATariffItMayNotSeeIsToldItIsUnknown() {
        Map<String, Object> elsewhereForm = f.tariffForm();
        elsewhereForm.put("providerId", f.spareProviderId);
        elsewhereForm.put("name", "Elsewhere " + f.suffix);
        long elsewhere = f.createdId("/tariffs", elsewhereForm);
        Map<String, Object> retiredForm = f.tariffForm();
        retiredForm.put("name", "Retired " + f.suffix);
        retiredForm.put("active", false);
        long retired = f.createdId("/tariffs", retiredForm);
        long unknown = 987_654_321L;

        String asUnknown = orderedByA(unknown, unknown);

        // "sold by another provider" (400) told the client that the id is there
        assertThat(orderedByA(elsewhere, unknown)).isEqualTo(asUnknown).contains("unknown tariff");
        // its own provider's tariff no longer sold: it saw it while it was sold, and is told it is not sold any more
        assertThat(orderedByA(retired, unknown)).startsWith("422 ").contains("TARIFF_INACTIVE");
        assertThat(balanceOfA()).isEqualTo("100.00");
        // an admin ordering for the client keeps the precise answer
        Map<String, Object> adminsOrder = new java.util.HashMap<>(f.orderForm(f.clientA));
        adminsOrder.put("tariffId", elsewhere);
        assertThat(f.asAdmin(HttpMethod.POST, "/orders", adminsOrder, 400).getBody())
                .contains("the tariff is sold by another provider than the client's");
        adminsOrder.put("tariffId", retired);
        assertThat(f.asAdmin(HttpMethod.POST, "/orders", adminsOrder, 422).getBody()).contains("TARIFF_INACTIVE");
    }

    /** Client A's order of the tariff: its status and problem body, the tariff's id written as the unknown one's. */
    private String orderedByA(long tariffId, long unknown) {
        Map<String, Object> order = new java.util.HashMap<>(f.orderForm(f.clientA));
        order.put("tariffId", tariffId);
        ResponseEntity<String> answer = f.asClientA(HttpMethod.POST, "/orders", order);
        return answer.getStatusCode().value() + " "
                + answer.getBody().replace(String.valueOf(tariffId), String.valueOf(unknown));
    }

    @Test
    void serviceListsNeverShowAnotherClientsServices() {
        ResponseEntity<String> unfiltered = f.asClientB(HttpMethod.GET, "/services", null);
        ResponseEntity<String> filteredOnA = f.asClientB(HttpMethod.GET, "/services?clientId=" + f.clientA, null);

        assertThat(unfiltered.getStatusCode().value()).isEqualTo(200);
        assertThat(clientIds(SecurityFixtures.json(unfiltered))).doesNotContain(f.clientA);
        // README: another client's id answers 404, as if it did not exist
        assertThat(filteredOnA.getStatusCode().value()).isEqualTo(404);
        assertThat(filteredOnA.getBody()).doesNotContain(f.clientAEmail);
    }

    /**
     * Every list filter that names something the client may not see answers as {@code clientId} of another client
     * does: 404, the same as for an id that does not exist, so the answer neither shows nor hints at the row.
     * {@code /orders?serviceId=} of another client's service was 200 with an empty page.
     */
    @Test
    void aFilterNamingWhatTheClientMayNotSeeIs404AsAnUnknownId() {
        f.orderServiceForA();
        Map<String, Object> laterForm = f.tariffForm();
        laterForm.put("name", "Later " + f.suffix);
        long later = f.createdId("/tariffs", laterForm);
        Map<String, Object> order = new java.util.HashMap<>(f.orderForm(f.clientA));
        order.put("tariffId", later);
        f.asAdmin(HttpMethod.POST, "/orders", order, 201);
        laterForm.put("active", false);
        f.asAdmin(HttpMethod.PUT, "/tariffs/" + later, laterForm, 200);
        Map<String, Object> hiddenForm = f.tariffForm();
        hiddenForm.put("name", "Hidden " + f.suffix);
        hiddenForm.put("active", false);
        long hidden = f.createdId("/tariffs", hiddenForm);
        long unknown = f.serviceA + 1_000_000_000L;

        for (String path : List.of("/orders?serviceId=" + f.serviceA, "/orders?serviceId=" + unknown,
                "/clients/" + f.clientB + "/expenses?serviceId=" + f.serviceA,
                "/clients/" + f.clientB + "/expenses?serviceId=" + unknown, "/services?tariffId=" + hidden,
                "/services?tariffId=" + unknown, "/services?tariffId=" + later)) {
            ResponseEntity<String> seenByB = f.asClientB(HttpMethod.GET, path, null);
            assertThat(seenByB.getStatusCode().value()).as(path).isEqualTo(404);
            assertThat(seenByB.getBody()).as(path).doesNotContain(f.clientAEmail);
        }
        // the owner filters by its own service, and by the tariff of its services made inactive since
        f.asAdmin(HttpMethod.GET, "/clients/" + f.clientA + "/expenses?serviceId=" + f.serviceA, null, 200);
        assertThat(f.asClientA(HttpMethod.GET, "/clients/" + f.clientA + "/expenses?serviceId=" + f.serviceA, null)
                .getStatusCode().value()).isEqualTo(200);
        for (String path : List.of("/orders?serviceId=" + f.serviceA, "/services?tariffId=" + f.tariffId,
                "/services?tariffId=" + later)) {
            JsonNode rows = SecurityFixtures.json(f.asClientA(HttpMethod.GET, path, null));
            assertThat(clientIds(rows)).as(path).containsOnly(f.clientA).isNotEmpty();
        }
        assertThat(f.asClientA(HttpMethod.GET, "/services?tariffId=" + hidden, null).getStatusCode().value())
                .isEqualTo(404);
        // staff and admins see every row, so an id filters to what it has, nothing for an unknown one
        assertThat(SecurityFixtures.json(f.asAdmin(HttpMethod.GET, "/orders?serviceId=" + unknown, null, 200))
                .get("content")).isEmpty();
        assertThat(clientIds(SecurityFixtures.json(f.asAdmin(HttpMethod.GET, "/orders?serviceId=" + f.serviceA,
                null, 200)))).containsOnly(f.clientA).isNotEmpty();
    }

    @Test
    void aLoginWithoutAHostFlowRoleGetsNowhere() {
        String username = "no-role-" + UUID.randomUUID().toString().substring(0, 8);
        User user = identityService.newUser(username);
        user.setPassword(SecurityFixtures.PASSWORD);
        identityService.saveUser(user);

        for (String path : List.of("/clients", "/clients/" + f.clientA, "/clients/" + f.clientA + "/account",
                "/payments", "/payments/" + f.paymentA, "/tariffs", "/services", "/dev/clock")) {
            assertThat(f.call(username, SecurityFixtures.PASSWORD, HttpMethod.GET, path, null).getStatusCode()
                    .value()).as(path).isEqualTo(403);
        }
        assertThat(f.call(username, SecurityFixtures.PASSWORD, HttpMethod.POST, "/payments",
                Map.of("clientId", f.clientA, "amount", "5.00", "externalId", "bank-" + username)).getStatusCode()
                .value()).isEqualTo(403);
    }

    /**
     * A CLIENT login without a client (a user put in hostflow-clients by hand, say) lists no rows: the payments list
     * answered 404 "client -1 not found", naming an id nobody sent, where services, orders and clients answer empty.
     */
    @Test
    void aClientLoginWithoutAClientListsNothing() {
        String username = "no-client-" + UUID.randomUUID().toString().substring(0, 8);
        User user = identityService.newUser(username);
        user.setPassword(SecurityFixtures.PASSWORD);
        identityService.saveUser(user);
        identityService.createMembership(username, "hostflow-clients");

        for (String path : List.of("/payments", "/clients", "/services", "/orders")) {
            ResponseEntity<String> answer = f.call(username, SecurityFixtures.PASSWORD, HttpMethod.GET, path, null);
            assertThat(answer.getStatusCode().value()).as(path + " " + answer.getBody()).isEqualTo(200);
            JsonNode list = SecurityFixtures.json(answer);
            assertThat((list.has("content") ? list.get("content") : list).size()).as(path).isZero();
        }
        // its client area says so, where it said "client of this login - not found"
        TestRestTemplate pages = http.withRedirects(
                org.springframework.boot.http.client.ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW);
        String session = com.hostflow.console.ConsoleSecurityTest.login(pages, username, SecurityFixtures.PASSWORD);
        org.springframework.http.HttpHeaders cookie = new org.springframework.http.HttpHeaders();
        cookie.add(org.springframework.http.HttpHeaders.COOKIE, session);
        for (String page : List.of("/my", "/my/order")) {
            ResponseEntity<String> answer = pages.exchange(page, HttpMethod.GET,
                    new org.springframework.http.HttpEntity<>(cookie), String.class);
            assertThat(answer.getStatusCode().value()).as(page + " " + answer.getBody()).isEqualTo(404);
            assertThat(answer.getBody()).as(page).contains("This login has no client account")
                    .contains("contact your provider").doesNotContain("client of this login");
        }
    }

    private String balanceOfA() {
        return SecurityFixtures.json(f.asAdmin(HttpMethod.GET, "/clients/" + f.clientA + "/account", null, 200))
                .get("balance").asText();
    }

    /** The clientId of every row of a list (a JSON array or a page with content). */
    private static List<Long> clientIds(JsonNode list) {
        JsonNode rows = list.has("content") ? list.get("content") : list;
        List<Long> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.get("clientId").asLong()));
        return ids;
    }
}
