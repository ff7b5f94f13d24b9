package com.hostflow.lifecycle.deletion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings.Redirects;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.catalog.Period;
import com.hostflow.common.time.ClockMovedBack;
import com.hostflow.console.ConsoleSecurityTest;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;
import com.hostflow.support.IntegrationTest;
import com.hostflow.support.WhileHolding;

/**
 * A client deletes a service of a PHONE_VERIFIED product type with the code sent to its phone. With no SMS gateway
 * the text goes to the log, whole in the test profile as in the demo ({@code hostflow.sms.log-text}), which is where
 * the test reads the code (production masks it: {@link SmsSendersTest}).
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class PhoneVerifiedDeletionTest {

    private static final Pattern CODE = Pattern.compile("delete service #(\\d+) is (\\d{6})");

    @Autowired
    TestRestTemplate http;

    @Autowired
    ServiceRepository services;

    @Autowired
    Clock clock;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DeletionCodeRepository codes;

    @Autowired
    PhoneVerification verification;

    @Autowired
    PlatformTransactionManager transactions;

    String productType;
    String clientLogin;
    long clientId;
    long providerId;

    @BeforeEach
    void phoneVerifiedProductTypeAndAClient() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        productType = "pv-" + suffix;
        ResponseEntity<JsonNode> type = admin().postForEntity("/api/v1/product-types", Map.ofEntries(
                Map.entry("code", productType), Map.entry("name", "Phone-verified"),
                Map.entry("trialPolicy", "NONE"), Map.entry("splitExpensesByMonth", false),
                Map.entry("noSuspendOnWeekends", false), Map.entry("autoDeletionDays", 0),
                Map.entry("clientDeletion", "PHONE_VERIFIED"), Map.entry("onClientDelete", "IMMEDIATELY"),
                Map.entry("orderPeriods", List.of("MONTH")), Map.entry("resources", List.of()),
                Map.entry("parameters", List.of())), JsonNode.class);
        assertThat(type.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        providerId = admin().postForEntity("/api/v1/providers", Map.of("name", "PV " + suffix, "currency", "EUR"),
                JsonNode.class).getBody().get("id").asLong();
        clientLogin = "pv-" + suffix + "@example.com";
        clientId = admin().postForEntity("/api/v1/clients", Map.of("email", clientLogin, "name", "Phone Client",
                "phone", "+31611111111", "providerId", providerId, "password", "client-pass"), JsonNode.class)
                .getBody().get("id").asLong();
    }

    @Test
    void deletesWithTheCodeFromThePhone(CapturedOutput output) {
        long serviceId = service(productType);

        ResponseEntity<JsonNode> sent = client().postForEntity("/api/v1/services/" + serviceId + "/deletion-code",
                null, JsonNode.class);

        assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(sent.getBody().get("expiresAt").asText()).isNotBlank();
        String code = codeFor(serviceId, output);
        ResponseEntity<JsonNode> deleted = delete(serviceId, code);
        assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(deleted.getBody().get("status").asText()).isEqualTo("DELETED");
    }

    /** The client area offered "Send a code to my phone" to a client without one, which could only answer so. */
    @Test
    void theClientAreaTellsAClientWithoutAPhoneWhomToAskInsteadOfOfferingACode() {
        long tariffId = admin().postForEntity("/api/v1/tariffs", Map.of("productType", productType, "providerId",
                providerId, "name", "PV " + productType, "active", true, "processingModuleIds", List.of(), "prices",
                Map.of("MONTH", "10.00"), "addons", List.of()), JsonNode.class).getBody().get("id").asLong();
        assertThat(myServicePage(clientLogin, "client-pass", activeService(tariffId)))
                .contains("id=\"send-code\"").doesNotContain("id=\"no-phone\"");

        String phoneless = "pv-nophone-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        clientId = admin().postForEntity("/api/v1/clients", Map.of("email", phoneless, "name", "No Phone",
                "providerId", providerId, "password", "client-pass"), JsonNode.class).getBody().get("id").asLong();
        String page = myServicePage(phoneless, "client-pass", activeService(tariffId));

        assertThat(page).contains("id=\"no-phone\"", "your account has no phone number")
                .doesNotContain("id=\"send-code\"", "id=\"delete-service\"");
    }

    private long activeService(long tariffId) {
        ServiceInstance service = new ServiceInstance(clientId, tariffId, providerId, productType, Period.MONTH, false,
                Map.of(), Map.of(), null, clock.instant());
        service.changeStatus(ServiceStatus.ACTIVE, clock.instant());
        return services.save(service).getId();
    }

    private String myServicePage(String login, String password, long serviceId) {
        String session = ConsoleSecurityTest.login(http.withRedirects(Redirects.DONT_FOLLOW), login, password);
        return ConsoleSecurityTest.pageOf(http, session, "/my/services/" + serviceId);
    }

    @Test
    void refusesNoCodeAWrongCodeAndTooManyTries(CapturedOutput output) {
        long serviceId = service(productType);

        ResponseEntity<JsonNode> noCode = delete(serviceId, null);
        assertThat(noCode.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noCode.getBody().at("/errors/0/field").asText()).isEqualTo("code");

        client().postForEntity("/api/v1/services/" + serviceId + "/deletion-code", null, JsonNode.class);
        String code = codeFor(serviceId, output);
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < PhoneVerification.MAX_ATTEMPTS; i++) {
            ResponseEntity<JsonNode> refused = delete(serviceId, wrong);
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
            assertThat(refused.getBody().get("code").asText()).isEqualTo(PhoneVerification.INVALID_CODE);
        }

        assertThat(delete(serviceId, code).getStatusCode()).as("the right code after too many tries")
                .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(services.findById(serviceId).orElseThrow().getStatus()).isNotEqualTo(ServiceStatus.DELETED);
    }

    /**
     * Each text costs the provider money: a new code for the service comes a minute after the last one at the
     * earliest, also when asked for twice at the same moment (one code drawn, one 429); the code sent stays valid.
     */
    @Test
    void aNewCodeWaitsAMinuteAfterTheLast(CapturedOutput output) throws Exception {
        long serviceId = service(productType);
        String path = "/api/v1/services/" + serviceId + "/deletion-code";

        List<Integer> together = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        List<Thread> askers = List.of(1, 2).stream().map(i -> new Thread(() -> {
            try {
                start.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            together.add(client().postForEntity(path, null, String.class).getStatusCode().value());
        })).toList();
        askers.forEach(Thread::start);
        for (Thread asker : askers) {
            asker.join(30_000);
        }
        assertThat(together).containsExactlyInAnyOrder(202, 429);
        String code = codeFor(serviceId, output);
        assertThat(CODE.matcher(output.getAll()).results().filter(m -> m.group(1).equals(Long.toString(serviceId))))
                .as("one text sent").hasSize(1);

        ResponseEntity<JsonNode> again = client().postForEntity(path, null, JsonNode.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(again.getHeaders().getFirst("Retry-After")).isNotBlank();
        assertThat(again.getBody().get("detail").asText()).contains("a moment ago");

        // a minute passed since the code was sent
        jdbc.update("update hostflow.deletion_code set expires_at = expires_at - interval '61 seconds'"
                + " where service_id = ?", serviceId);
        assertThat(client().postForEntity(path, null, JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        String newCode = codeFor(serviceId, output);
        if (!newCode.equals(code)) {
            assertThat(delete(serviceId, code).getStatusCode()).as("the old code is replaced")
                    .isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        }
        assertThat(delete(serviceId, newCode).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }

    /**
     * A code sent while the demo's clock was a year ahead expired by the moved clock: once the clock was put back it
     * held every new code back (429) for that year, and stayed valid as long. The move back makes it expire within its
     * validity from the new time, so a new code comes a minute after the move at the latest.
     */
    @Test
    void aCodeSentWhileTheClockWasAheadHoldsANewOneBackAMinuteAtMostOnceTheClockIsPutBack() {
        long serviceId = service(productType);
        Instant yearAhead = clock.instant().plus(Duration.ofDays(365));
        jdbc.update("insert into hostflow.deletion_code (service_id, code_hash, salt, expires_at, attempts)"
                + " values (?, 'sent-a-year-ahead', 'salt', ?, 0)", serviceId,
                Timestamp.from(yearAhead.plus(Duration.ofMinutes(PhoneVerification.VALID_MINUTES))));

        verification.clockMovedBack(new ClockMovedBack(clock.instant()));

        ResponseEntity<JsonNode> again = client().postForEntity("/api/v1/services/" + serviceId + "/deletion-code",
                null, JsonNode.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(Long.parseLong(again.getHeaders().getFirst("Retry-After"))).as("seconds to wait")
                .isLessThanOrEqualTo(PhoneVerification.RESEND_AFTER_SECONDS);
        assertThat(jdbc.queryForObject("select expires_at from hostflow.deletion_code where service_id = ?",
                Timestamp.class, serviceId).toInstant()).as("the code's validity")
                .isBefore(clock.instant().plus(Duration.ofMinutes(PhoneVerification.VALID_MINUTES)).plusSeconds(1));
    }

    /**
     * A text the SMS gateway did not take takes its code back: the client may ask again at once (the minute between
     * codes is for texts sent; it answered 429 "sent a moment ago" for a code nobody received), and the code never
     * sent cannot delete the service.
     */
    @Test
    void aCodeTheGatewayDidNotTakeIsTakenBackSoTheClientMayAskAgainAtOnce() {
        long serviceId = service(productType);
        SmsSender down = (phone, text) -> {
            throw new IllegalStateException("the SMS gateway is down");
        };
        PhoneVerification verification = new PhoneVerification(codes, down, clock);
        PhoneVerification.IssuedCode issued = new TransactionTemplate(transactions)
                .execute(tx -> verification.issue(serviceId, "+31611111111"));

        assertThatThrownBy(() -> verification.deliver(issued)).hasMessageContaining("SMS gateway is down");

        assertThat(codes.findById(serviceId)).as("the code never sent is taken back").isEmpty();
        assertThat(client().postForEntity("/api/v1/services/" + serviceId + "/deletion-code", null, JsonNode.class)
                .getStatusCode()).as("asked again at once").isEqualTo(HttpStatus.ACCEPTED);
    }

    /**
     * The code is checked in the deletion's own transaction, on its one connection. It was checked in a transaction
     * of its own (REQUIRES_NEW, so a wrong try counts) while the deletion's transaction held the service's row lock
     * and its connection: each request needed two connections, and 40 wrong codes sent at once took all 20 of the
     * pool and waited for a second one, each holding its first: for 30 s every request, job and worker of HostFlow
     * failed ("Connection is not available"), and 15 of the 40 answered 500. Here the code's row is held locked
     * while a wrong code is sent: the session that waits for it must be the one that holds the service's row lock.
     */
    @Test
    void aWrongCodeIsCountedOnTheDeletionsOwnConnection(CapturedOutput output) throws Exception {
        long serviceId = service(productType);
        client().postForEntity("/api/v1/services/" + serviceId + "/deletion-code", null, JsonNode.class);
        String code = codeFor(serviceId, output);
        String wrong = code.equals("000000") ? "111111" : "000000";
        List<Integer> waiterHeldTheService = new java.util.concurrent.CopyOnWriteArrayList<>();

        ResponseEntity<JsonNode> refused = new WhileHolding(transactions, jdbc).run(
                () -> jdbc.queryForList("select * from hostflow.deletion_code where service_id = ? for update",
                        serviceId),
                () -> delete(serviceId, wrong),
                () -> waiterHeldTheService.addAll(jdbc.queryForList("select count(*) from pg_locks held"
                        + " where held.relation = 'hostflow.service'::regclass and held.granted and held.pid in"
                        + " (select a.pid from pg_stat_activity a where a.wait_event_type = 'Lock'"
                        + " and a.query like '%deletion_code%')", Integer.class)));

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(refused.getBody().get("code").asText()).isEqualTo(PhoneVerification.INVALID_CODE);
        assertThat(waiterHeldTheService).as("the session waiting to count the try holds the service's row lock")
                .containsExactly(1);
        assertThat(jdbc.queryForObject("select attempts from hostflow.deletion_code where service_id = ?",
                Integer.class, serviceId)).isEqualTo(1);
    }

    /**
     * Under an {@code Idempotency-Key} the deletion runs in the key's transaction: a wrong code still counts (that
     * transaction commits the try, then answers 422) and leaves no key behind, so the right code under the same key
     * deletes.
     */
    @Test
    void aWrongCodeUnderAnIdempotencyKeyCountsAndKeepsTheKeyFree(CapturedOutput output) {
        long serviceId = service(productType);
        client().postForEntity("/api/v1/services/" + serviceId + "/deletion-code", null, JsonNode.class);
        String code = codeFor(serviceId, output);
        String wrong = code.equals("000000") ? "111111" : "000000";
        String key = "del-" + UUID.randomUUID();

        assertThat(delete(serviceId, wrong, key).getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(jdbc.queryForObject("select attempts from hostflow.deletion_code where service_id = ?",
                Integer.class, serviceId)).isEqualTo(1);
        ResponseEntity<JsonNode> deleted = delete(serviceId, code, key);
        assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(delete(serviceId, code, key).getStatusCode()).as("sent again under its key").isEqualTo(HttpStatus.OK);
    }

    /**
     * An unpaid order is cancelled without a code, and also where clients may not delete: the code and the ban guard
     * a service that is paid for (a client could not take back an order it would never pay, nor without an SMS).
     */
    @Test
    void anUnpaidOrderIsCancelledWithoutACodeWhateverTheProductTypeSays(CapturedOutput output) {
        long unpaid = unpaidOrder(productType);
        assertThat(client().postForEntity("/api/v1/services/" + unpaid + "/deletion-code", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        ResponseEntity<JsonNode> cancelled = delete(unpaid, null);
        assertThat(cancelled.getStatusCode()).as("%s", cancelled.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(cancelled.getBody().get("status").asText()).isEqualTo("DELETED");
        assertThat(output.getAll()).doesNotContain("delete service #" + unpaid + " is");

        String prohibited = productType + "-x";
        assertThat(admin().postForEntity("/api/v1/product-types", Map.ofEntries(
                Map.entry("code", prohibited), Map.entry("name", "Not deleted by clients"),
                Map.entry("trialPolicy", "NONE"), Map.entry("autoDeletionDays", 0),
                Map.entry("clientDeletion", "PROHIBITED"), Map.entry("onClientDelete", "IMMEDIATELY"),
                Map.entry("orderPeriods", List.of("MONTH"))), JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        assertThat(delete(service(prohibited), null).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        ResponseEntity<JsonNode> orderTakenBack = delete(unpaidOrder(prohibited), null);
        assertThat(orderTakenBack.getStatusCode()).as("%s", orderTakenBack.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(orderTakenBack.getBody().get("status").asText()).isEqualTo("DELETED");
    }

    @Test
    void aProductTypeWithoutPhoneVerificationNeedsNoCode() {
        long serviceId = service("vds");

        assertThat(client().postForEntity("/api/v1/services/" + serviceId + "/deletion-code", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void anotherClientGetsNoCode() {
        long serviceId = services.save(new ServiceInstance(clientId + 100_000, 1, providerId, productType,
                Period.MONTH, false, Map.of(), Map.of(), null, clock.instant())).getId();

        assertThat(client().postForEntity("/api/v1/services/" + serviceId + "/deletion-code", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    /** A running service (in no module): the code guards a service that is paid for. */
    private long service(String type) {
        ServiceInstance service = new ServiceInstance(clientId, 1, providerId, type, Period.MONTH, false, Map.of(),
                Map.of(), null, clock.instant());
        service.changeStatus(ServiceStatus.ACTIVE, clock.instant());
        return services.save(service).getId();
    }

    private long unpaidOrder(String type) {
        return services.save(new ServiceInstance(clientId, 1, providerId, type, Period.MONTH, false, Map.of(),
                Map.of(), null, clock.instant())).getId();
    }

    private static String codeFor(long serviceId, CapturedOutput output) {
        Matcher matcher = CODE.matcher(output.getAll());
        String code = null;
        while (matcher.find()) {
            if (Long.parseLong(matcher.group(1)) == serviceId) {
                code = matcher.group(2);
            }
        }
        assertThat(code).as("an SMS with the code for service " + serviceId).isNotNull();
        return code;
    }

    private ResponseEntity<JsonNode> delete(long serviceId, String code) {
        return delete(serviceId, code, null);
    }

    private ResponseEntity<JsonNode> delete(long serviceId, String code, String idempotencyKey) {
        HttpHeaders headers = new HttpHeaders();
        if (idempotencyKey != null) {
            headers.set("Idempotency-Key", idempotencyKey);
        }
        return client().exchange("/api/v1/services/" + serviceId + (code == null ? "" : "?code=" + code),
                HttpMethod.DELETE, new HttpEntity<>(headers), JsonNode.class);
    }

    private TestRestTemplate client() {
        return http.withBasicAuth(clientLogin, "client-pass");
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("demo", "demo");
    }
}
