package com.hostflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.hostflow.support.IntegrationTest;

/**
 * The notification API and the settings behind it: who may read a client's notifications (its own client, staff,
 * admins; another client 404), sending a template by name (400 naming the field for an unknown template or a service
 * that is not the client's), the admins' outbox list, the provider's mail settings and the product type's reminder
 * days, with their bad inputs.
 */
@IntegrationTest
class NotificationApiTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    GreenMail smtp;

    @Autowired
    ManualNotifications manual;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcTemplate jdbc;

    NotificationTestData data;
    String staff;

    @BeforeEach
    void catalog() {
        data = new NotificationTestData(http, smtp).catalog();
        staff = "staff-" + data.unique;
        data.created("/users", Map.of("username", staff, "password", "staff-password", "roles", List.of("STAFF"),
                "departments", List.of(data.departmentKey)));
    }

    @Test
    void aClientReadsItsOwnNotificationsNewestFirstAndNobodyElsesExceptStaffAndAdmins() {
        String aliceEmail = data.email("alice");
        long alice = clientWithLogin(aliceEmail);
        String bobEmail = data.email("bob");
        long bob = clientWithLogin(bobEmail);
        long first = data.pay(alice, "3.00");
        long second = data.pay(alice, "4.00");
        data.awaitMailsTo(aliceEmail, 2);

        ResponseEntity<JsonNode> own = as(aliceEmail).getForEntity("/api/v1/clients/" + alice + "/notifications",
                JsonNode.class);
        assertThat(own.getStatusCode().value()).isEqualTo(200);
        JsonNode content = own.getBody().get("content");
        assertThat(content).hasSize(2);
        assertThat(content.get(0).get("subject").asText()).isEqualTo("Payment of 4.00 EUR received");
        assertThat(content.get(1).get("subject").asText()).isEqualTo("Payment of 3.00 EUR received");
        assertThat(content.get(0).get("status").asText()).isEqualTo("SENT");
        assertThat(content.get(0).fieldNames()).toIterable().contains("id", "event", "channel", "to", "subject",
                "status", "at");
        assertThat(own.getBody().get("totalElements").asLong()).isEqualTo(2);
        assertThat(first).isLessThan(second);

        assertThat(as(bobEmail).getForEntity("/api/v1/clients/" + alice + "/notifications", String.class)
                .getStatusCode().value()).isEqualTo(404);
        assertThat(as(bobEmail).getForEntity("/api/v1/clients/" + bob + "/notifications", JsonNode.class).getBody()
                .get("content")).isEmpty();
        assertThat(http.withBasicAuth(staff, "staff-password").getForEntity("/api/v1/clients/" + alice
                + "/notifications", JsonNode.class).getBody().get("content")).hasSize(2);
        assertThat(http.getForEntity("/api/v1/clients/" + alice + "/notifications", String.class).getStatusCode()
                .value()).isEqualTo(401);
        assertThat(data.admin().getForEntity("/api/v1/clients/987654321/notifications", String.class)
                .getStatusCode().value()).isEqualTo(404);
        assertThat(data.admin().getForEntity("/api/v1/clients/" + alice + "/notifications?size=0", String.class)
                .getStatusCode().value()).isEqualTo(400);
        assertThat(data.admin().getForEntity("/api/v1/clients/" + alice + "/notifications?page=-1", String.class)
                .getStatusCode().value()).isEqualTo(400);
        JsonNode paged = data.admin().getForObject("/api/v1/clients/" + alice + "/notifications?size=1&page=1",
                JsonNode.class);
        assertThat(paged.get("content").get(0).get("subject").asText()).isEqualTo("Payment of 3.00 EUR received");
    }

    @Test
    void anAdminSendsATemplateByNameAndABadNameOrServiceIsA400NamingTheField() {
        String email = data.email("manual");
        long client = clientWithLogin(email);
        long other = data.client(data.email("other"), "en");
        data.pay(other, "20.00");
        long othersService = data.orderedService(other);

        assertThat(fields(send(client, Map.of("template", "no-such-template")))).containsExactly("template");
        assertThat(fields(send(client, Map.of("template", "")))).contains("template");
        assertThat(fields(send(client, Map.of("template", "service-ready", "serviceId", othersService))))
                .containsExactly("serviceId");
        assertThat(fields(send(client, Map.of("template", "payment-received", "idempotencyKey", "a b",
                "params", Map.of("amount", "3.00"))))).containsExactly("idempotencyKey");
        assertThat(send(987654321L, Map.of("template", "payment-received")).getStatusCode().value())
                .isEqualTo(404);
        assertThat(as(email).exchange("/api/v1/clients/" + client + "/notifications", HttpMethod.POST,
                new HttpEntity<>(Map.of("template", "payment-received")), String.class).getStatusCode().value())
                .isEqualTo(403);
        assertThat(http.withBasicAuth(staff, "staff-password").exchange("/api/v1/clients/" + client
                + "/notifications", HttpMethod.POST, new HttpEntity<>(Map.of("template", "payment-received")),
                String.class).getStatusCode().value()).isEqualTo(403);

        ResponseEntity<JsonNode> sent = send(client, Map.of("template", "payment-received", "idempotencyKey",
                "goodwill-" + data.unique, "params", Map.of("amount", "3.00")));
        assertThat(sent.getStatusCode().value()).isEqualTo(202);
        assertThat(sent.getHeaders().getLocation()).hasScheme("http").hasPath("/api/v1/notifications/" + sent.getBody().get("id"));
        assertThat(send(client, Map.of("template", "payment-received", "idempotencyKey", "goodwill-" + data.unique,
                "params", Map.of("amount", "3.00"))).getBody().get("id")).isEqualTo(sent.getBody().get("id"));
        assertThat(NotificationDeliveryTest.subject(data.awaitMailsTo(email, 1).get(0)))
                .isEqualTo("Payment of 3.00 EUR received");
    }

    /**
     * The same idempotency key sent again while the first request is still in its transaction (found sending one key
     * eight times at once on the demo: half answered 409 "conflicts with existing data", the unique key's refusal).
     * The test holds the first send uncommitted: the second waits for it, then answers its notification.
     */
    @Test
    void aKeySentAgainWhileTheFirstIsUnderWayAnswersTheFirstNotification() throws Exception {
        long client = clientWithLogin(data.email("atonce"));
        String key = "at-once-" + data.unique;
        Map<String, Object> body = Map.of("template", "payment-received", "idempotencyKey", key,
                "params", Map.of("amount", "3.00"));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            long[] first = new long[1];
            Future<ResponseEntity<JsonNode>> second = transaction.execute(status -> {
                first[0] = manual.send(client, "payment-received", null, key, Map.of("amount", "3.00")).getId();
                Future<ResponseEntity<JsonNode>> again = thread.submit(() -> send(client, body));
                Awaitility.await("the second send waits for the first").atMost(Duration.ofSeconds(30))
                        .until(() -> jdbc.queryForObject("select count(*) from pg_locks where not granted",
                                Long.class) > 0);
                return again;
            });

            ResponseEntity<JsonNode> answer = second.get(30, TimeUnit.SECONDS);
            assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(202);
            assertThat(answer.getBody().get("id").asLong()).isEqualTo(first[0]);
        } finally {
            thread.shutdownNow();
        }
        assertThat(jdbc.queryForObject("select count(*) from hostflow.notification where idempotency_key = ?",
                Long.class, key)).isEqualTo(1);
    }

    /**
     * An idempotency key names one notification: sent again for another client or another template it answered the
     * first notification (202, another client's address) and sent nothing. It is a 409 now; the same request again
     * still answers the first.
     */
    @Test
    void aKeyUsedForAnotherClientOrTemplateIsAConflictAndSendsNothing() {
        long first = clientWithLogin(data.email("keyfirst"));
        long second = clientWithLogin(data.email("keysecond"));
        String key = "shared-" + data.unique;
        ResponseEntity<JsonNode> sent = send(first, Map.of("template", "payment-received", "idempotencyKey", key,
                "params", Map.of("amount", "1.00")));
        assertThat(sent.getStatusCode().value()).isEqualTo(202);

        ResponseEntity<JsonNode> otherClient = send(second, Map.of("template", "payment-received",
                "idempotencyKey", key, "params", Map.of("amount", "1.00")));
        ResponseEntity<JsonNode> otherTemplate = send(first, Map.of("template", "service-deleted",
                "idempotencyKey", key, "serviceId", data.orderedService(first)));

        for (ResponseEntity<JsonNode> answer : List.of(otherClient, otherTemplate)) {
            assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(409);
            assertThat(answer.getBody().get("detail").asText()).contains("idempotencyKey", "use a new key");
        }
        assertThat(send(first, Map.of("template", "payment-received", "idempotencyKey", key, "params",
                Map.of("amount", "1.00"))).getBody().get("id")).isEqualTo(sent.getBody().get("id"));
        assertThat(data.admin().getForObject("/api/v1/clients/" + second + "/notifications", JsonNode.class)
                .get("content")).isEmpty();
    }

    /**
     * A notification takes an {@code Idempotency-Key} header as every other create does: sent again under the key it
     * answers 200 with the first notification and its {@code Location} and queues nothing; another request under the
     * key is 409; a malformed key is 400 naming the header; keys are the caller's own. The header was ignored: each
     * request without a body key queued another mail.
     */
    @Test
    void aNotificationSentAgainUnderItsIdempotencyKeyIsTheFirstAndAnotherUnderTheKeyIsA409() {
        long client = clientWithLogin(data.email("headerkey"));
        String key = "notify-" + data.unique;
        Map<String, Object> body = Map.of("template", "payment-received", "params", Map.of("amount", "3.00"));

        ResponseEntity<JsonNode> first = send(client, body, "demo", key);
        ResponseEntity<JsonNode> again = send(client, body, "demo", key);
        ResponseEntity<JsonNode> another = send(client, Map.of("template", "payment-received", "params",
                Map.of("amount", "4.00")), "demo", key);

        assertThat(first.getStatusCode().value()).as("%s", first.getBody()).isEqualTo(202);
        assertThat(again.getStatusCode().value()).as("%s", again.getBody()).isEqualTo(200);
        assertThat(again.getBody().get("id")).isEqualTo(first.getBody().get("id"));
        assertThat(again.getHeaders().getLocation()).isNotNull().isEqualTo(first.getHeaders().getLocation());
        assertThat(another.getStatusCode().value()).as("%s", another.getBody()).isEqualTo(409);
        assertThat(another.getBody().get("detail").asText()).contains("Idempotency-Key " + key,
                "another notification request");
        for (String malformed : List.of("k".repeat(101), " ", "a b")) {
            ResponseEntity<JsonNode> refused = send(client, body, "demo", malformed);
            assertThat(refused.getStatusCode().value()).as("'%s': %s", malformed, refused.getBody()).isEqualTo(400);
            assertThat(refused.getBody().get("errors").findValuesAsText("field")).containsExactly("Idempotency-Key");
        }
        assertThat(notificationsOf(client)).as("queued").isEqualTo(1);

        // another admin's request under the same key is its own
        String otherAdmin = "notify-admin-" + data.unique;
        data.created("/users", Map.of("username", otherAdmin, "password", "admin-password", "roles",
                List.of("ADMIN")));
        ResponseEntity<JsonNode> theirs = send(client, body, otherAdmin, key);
        assertThat(theirs.getStatusCode().value()).as("%s", theirs.getBody()).isEqualTo(202);
        assertThat(send(client, body, otherAdmin, key).getStatusCode().value()).isEqualTo(200);
        assertThat(notificationsOf(client)).as("queued").isEqualTo(2);
    }

    /**
     * Both keys at once: the header's is checked first (its earlier request answers 200, another request under it
     * is 409, whatever the body's key), then the body's {@code idempotencyKey} as before: under a new header key a
     * known body key answers its notification (202) or 409 for another client or template.
     */
    @Test
    void withAHeaderKeyAndABodyKeyTheHeaderIsCheckedFirstThenTheBodyKeyAsBefore() {
        long client = clientWithLogin(data.email("bothkeys"));
        String bodyKey = "body-" + data.unique;
        Map<String, Object> body = Map.of("template", "payment-received", "idempotencyKey", bodyKey, "params",
                Map.of("amount", "3.00"));
        ResponseEntity<JsonNode> first = send(client, body, "demo", "header-" + data.unique);

        ResponseEntity<JsonNode> newHeaderKnownBodyKey = send(client, body, "demo", "header-2-" + data.unique);
        ResponseEntity<JsonNode> usedHeaderOtherBodyKey = send(client, Map.of("template", "payment-received",
                "idempotencyKey", bodyKey + "-2", "params", Map.of("amount", "3.00")), "demo", "header-" + data.unique);
        long other = clientWithLogin(data.email("bothkeys-other"));
        ResponseEntity<JsonNode> newHeaderKnownBodyKeyOtherClient = send(other, body, "demo", "header-3-"
                + data.unique);

        assertThat(first.getStatusCode().value()).as("%s", first.getBody()).isEqualTo(202);
        assertThat(newHeaderKnownBodyKey.getStatusCode().value()).isEqualTo(202);
        assertThat(newHeaderKnownBodyKey.getBody().get("id")).isEqualTo(first.getBody().get("id"));
        assertThat(usedHeaderOtherBodyKey.getStatusCode().value()).isEqualTo(409);
        assertThat(usedHeaderOtherBodyKey.getBody().get("detail").asText()).contains("Idempotency-Key header-"
                + data.unique);
        assertThat(newHeaderKnownBodyKeyOtherClient.getStatusCode().value()).isEqualTo(409);
        assertThat(newHeaderKnownBodyKeyOtherClient.getBody().get("detail").asText()).contains("idempotencyKey "
                + bodyKey);
        assertThat(notificationsOf(client)).as("queued").isEqualTo(1);
        assertThat(notificationsOf(other)).as("queued").isZero();
    }

    private long notificationsOf(long client) {
        return jdbc.queryForObject("select count(*) from hostflow.notification where client_id = ?", Long.class,
                client);
    }

    @Test
    void aParameterTheTemplateNeedsIsA400NamingItAndTheTemplateListNamesThem() {
        long client = clientWithLogin(data.email("noparam"));

        ResponseEntity<JsonNode> missing = send(client, Map.of("template", "payment-received",
                "params", Map.of("amout", "3.00")));

        assertThat(fields(missing)).containsExactly("params.amount");
        assertThat(missing.getBody().toString()).contains("would show a blank");
        assertThat(data.admin().getForObject("/api/v1/clients/" + client + "/notifications", JsonNode.class)
                .get("content")).isEmpty();
        JsonNode templates = data.admin().getForObject("/api/v1/notification-templates", JsonNode.class);
        JsonNode paymentReceived = template(templates, "payment-received");
        assertThat(paymentReceived.get("parameters").toString()).isEqualTo("[\"amount\"]");
        assertThat(paymentReceived.get("needsService").asBoolean()).isFalse();
        JsonNode suspended = template(templates, "service-suspended");
        assertThat(suspended.get("parameters").toString()).as("its reason and comment are optional").isEqualTo("[]");
        assertThat(suspended.get("needsService").asBoolean()).isTrue();

        // without a service its text would fail on the service's suspension reasons, and the mail never go out
        assertThat(fields(send(client, Map.of("template", "service-suspended")))).containsExactly("serviceId");
        assertThat(data.admin().getForObject("/api/v1/clients/" + client + "/notifications", JsonNode.class)
                .get("content")).isEmpty();
    }

    /**
     * A staff template (an overdue task, an operation a module refused) reads facts a client's notification does not
     * carry: sent to a client by hand it went out with blanks where the task or the refusal belonged.
     */
    @Test
    void aStaffTemplateIsNotSentToAClient() {
        long client = clientWithLogin(data.email("stafftemplate"));
        long service = data.orderedService(client);

        for (String staffTemplate : List.of("task-overdue", "operation-refused")) {
            ResponseEntity<JsonNode> refused = send(client, Map.of("template", staffTemplate, "serviceId", service));
            assertThat(fields(refused)).as(staffTemplate).containsExactly("template");
            assertThat(refused.getBody().toString()).contains("written to staff");
        }
        assertThat(data.admin().getForObject("/api/v1/clients/" + client + "/notifications", JsonNode.class)
                .get("content").findValuesAsText("event")).containsExactly("order-awaiting-payment");
        JsonNode templates = data.admin().getForObject("/api/v1/notification-templates", JsonNode.class);
        assertThat(template(templates, "task-overdue").get("forStaff").asBoolean()).isTrue();
        assertThat(template(templates, "operation-refused").get("forStaff").asBoolean()).isTrue();
        assertThat(template(templates, "payment-received").get("forStaff").asBoolean()).isFalse();
    }

    /**
     * The billing run's renewal mail is in the template list, in both languages; sent by hand it would list no
     * service (its lines are a run's charges), so it is a 400 naming the template and nothing is queued.
     */
    @Test
    void theRenewalMailIsListedButNotSentByHand() {
        long client = clientWithLogin(data.email("renewedbyhand"));

        ResponseEntity<JsonNode> refused = send(client, Map.of("template", "services-renewed"));

        assertThat(fields(refused)).containsExactly("template");
        assertThat(refused.getBody().toString()).contains("written by the billing run");
        assertThat(data.notificationsOf(client)).isEmpty();
        JsonNode renewed = template(data.admin().getForObject("/api/v1/notification-templates", JsonNode.class),
                "services-renewed");
        assertThat(renewed.get("languages").toString()).isEqualTo("[\"en\",\"ru\"]");
        assertThat(renewed.get("forStaff").asBoolean()).isFalse();
    }

    private static JsonNode template(JsonNode templates, String name) {
        for (JsonNode template : templates) {
            if (template.get("name").asText().equals(name)) {
                return template;
            }
        }
        throw new AssertionError("no template " + name);
    }

    @Test
    void aNullParamIsA400NamingItAndNothingIsSent() {
        long client = clientWithLogin(data.email("nullparam"));
        org.springframework.http.HttpHeaders json = new org.springframework.http.HttpHeaders();
        json.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        // as text: the test's JSON mapper would leave the null out
        String body = "{\"template\":\"payment-received\",\"params\":{\"amount\":null}}";

        assertThat(fields(data.admin().postForEntity("/api/v1/clients/" + client + "/notifications",
                new HttpEntity<>(body, json), JsonNode.class))).containsExactly("params.amount");
        assertThat(data.admin().getForObject("/api/v1/clients/" + client + "/notifications", JsonNode.class)
                .get("content")).isEmpty();
    }

    @Test
    void theOutboxIsForAdminsAndABadStatusIsA400() {
        assertThat(data.admin().getForEntity("/api/v1/notifications?status=BOGUS", String.class).getStatusCode()
                .value()).isEqualTo(400);
        assertThat(data.admin().getForEntity("/api/v1/notifications?status=SENT", JsonNode.class).getStatusCode()
                .value()).isEqualTo(200);
        assertThat(http.withBasicAuth(staff, "staff-password").getForEntity("/api/v1/notifications", String.class)
                .getStatusCode().value()).isEqualTo(403);
        assertThat(data.admin().getForEntity("/api/v1/notifications/987654321", String.class).getStatusCode()
                .value()).isEqualTo(404);
        String email = data.email("sent");
        long client = data.client(email, "en");
        data.pay(client, "2.00");
        long id = data.awaitNotification(client, "payment-received", "SENT").get("id").asLong();
        assertThat(data.admin().postForEntity("/api/v1/notifications/" + id + "/resend", null, String.class)
                .getStatusCode().value()).isEqualTo(409);
        JsonNode templates = data.admin().getForObject("/api/v1/notification-templates", JsonNode.class);
        assertThat(templates.findValuesAsText("name")).contains("service-ready", "payment-received",
                "order-awaiting-payment", "task-overdue");
        assertThat(http.withBasicAuth(staff, "staff-password").getForEntity("/api/v1/notification-templates",
                String.class).getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void theProvidersMailSettingsAndTheProductTypesReminderDaysAreChecked() {
        ResponseEntity<JsonNode> badFrom = data.admin().postForEntity("/api/v1/providers", Map.of("name", "P",
                "currency", "EUR", "mailFrom", "billing at acme"), JsonNode.class);
        assertThat(badFrom.getStatusCode().value()).isEqualTo(400);
        assertThat(badFrom.getBody().get("errors").findValuesAsText("field")).containsExactly("mailFrom");
        // a signature has lines and may have tabs, but no other control character (a BEL or ESC was stored and mailed)
        for (String control : List.of("\u0007", "\u001b[31m", "\u0000", "\u0085")) {
            ResponseEntity<JsonNode> badSignature = data.admin().postForEntity("/api/v1/providers", Map.of("name",
                    "P", "currency", "EUR", "mailSignature", "Acme\n" + control + "team"), JsonNode.class);
            assertThat(badSignature.getStatusCode().value()).as("%s", badSignature.getBody()).isEqualTo(400);
            assertThat(badSignature.getBody().get("errors").findValuesAsText("field")).containsExactly("mailSignature");
        }
        ResponseEntity<JsonNode> lines = data.admin().postForEntity("/api/v1/providers", Map.of("name", "P",
                "currency", "EUR", "mailSignature", "Acme Hosting\r\n\tsupport@acme.example"), JsonNode.class);
        assertThat(lines.getStatusCode().value()).as("%s", lines.getBody()).isEqualTo(201);
        JsonNode provider = data.admin().getForObject("/api/v1/providers/" + data.providerId, JsonNode.class);
        assertThat(provider.get("mailFrom").asText()).isEqualTo("Acme Hosting <billing-" + data.unique
                + "@acme.example>");
        assertThat(provider.get("mailSignature").asText()).startsWith("Acme Hosting team");

        JsonNode vds = data.admin().getForObject("/api/v1/product-types/vds", JsonNode.class);
        assertThat(vds.get("expiryReminderDays")).extracting(JsonNode::asInt).containsExactly(3, 1);
        Map<String, Object> form = new java.util.LinkedHashMap<>(Map.of("code", "pt-" + data.unique, "name", "Mail",
                "trialPolicy", "NONE", "autoDeletionDays", 7, "clientDeletion", "ALLOWED",
                "onClientDelete", "IMMEDIATELY", "orderPeriods", List.of("MONTH")));
        form.put("expiryReminderDays", List.of(3, 3));
        assertThat(fields(data.admin().postForEntity("/api/v1/product-types", form, JsonNode.class)))
                .containsExactly("expiryReminderDays");
        form.put("expiryReminderDays", List.of(0));
        assertThat(fields(data.admin().postForEntity("/api/v1/product-types", form, JsonNode.class)).get(0))
                .startsWith("expiryReminderDays");
        form.put("expiryReminderDays", List.of(1, 7));
        ResponseEntity<JsonNode> created = data.admin().postForEntity("/api/v1/product-types", form, JsonNode.class);
        assertThat(created.getStatusCode().value()).as("%s", created.getBody()).isEqualTo(201);
        assertThat(created.getBody().get("expiryReminderDays")).extracting(JsonNode::asInt).containsExactly(7, 1);
    }

    private long clientWithLogin(String email) {
        return data.created("/clients", Map.of("email", email, "name", "Client " + email, "providerId",
                data.providerId, "password", "client-password"));
    }

    private TestRestTemplate as(String email) {
        return http.withBasicAuth(email, "client-password");
    }

    private ResponseEntity<JsonNode> send(long clientId, Map<String, Object> body) {
        return data.admin().postForEntity("/api/v1/clients/" + clientId + "/notifications", body, JsonNode.class);
    }

    private ResponseEntity<JsonNode> send(long clientId, Map<String, Object> body, String login, String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Idempotency-Key", key);
        return http.withBasicAuth(login, login.equals("demo") ? "demo" : "admin-password").exchange(
                "/api/v1/clients/" + clientId + "/notifications", HttpMethod.POST, new HttpEntity<>(body, headers),
                JsonNode.class);
    }

    private static List<String> fields(ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(400);
        return response.getBody().get("errors").findValuesAsText("field");
    }
}
