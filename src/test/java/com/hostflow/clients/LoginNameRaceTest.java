package com.hostflow.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.billing.BillingTestData;
import com.hostflow.clients.ClientService.ClientData;
import com.hostflow.users.StaffRole;
import com.hostflow.users.StaffUser;
import com.hostflow.users.StaffUserService;

/**
 * A client login and a staff user share the engine's user table. Created at the same moment under one name (found by
 * the third race probe against the demo: {@code POST /clients} with a password beside {@code POST /users}), the
 * second used to pass its "is the name taken" check before the first committed and then failed on the engine's
 * unique keys: a 500. Each test holds the first creation's transaction open until the second request waits on a
 * lock, then commits it: the second must answer 409 and leave nothing behind.
 */
@com.hostflow.support.IntegrationTest
class LoginNameRaceTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    ApplicationContext context;
    @Autowired
    StaffUserService staffUsers;
    @Autowired
    ClientService clients;
    @Autowired
    IdentityService identity;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    BillingTestData data;
    long provider;

    @BeforeEach
    void setUp() {
        data = new BillingTestData(http, context);
        provider = data.provider("EUR");
    }

    @Test
    void aClientLoginCreatedWhileAStaffUserOfTheNameIsBeingCreatedAnswers409() throws Exception {
        String name = "race-" + System.nanoTime() + "@example.com";

        ResponseEntity<String> second = whileCreating(
                () -> staffUsers.create(new StaffUser(name, "Race", "Staff", null, EnumSet.of(StaffRole.ADMIN),
                        Set.of()), "staff-pass-1"),
                () -> data.admin().postForEntity("/api/v1/clients", client(name), String.class));

        assertThat(second.getStatusCode().value()).as(second.getBody()).isEqualTo(409);
        assertThat(second.getBody()).contains(name);
        assertThat(jdbc.queryForObject("select count(*) from hostflow.client where lower(email) = lower(?)",
                Long.class, name)).as("no client without its login").isZero();
        assertThat(identity.checkPassword(name, "staff-pass-1")).isTrue();
    }

    @Test
    void aStaffUserCreatedWhileAClientLoginOfTheNameIsBeingCreatedAnswers409() throws Exception {
        String name = "race-" + System.nanoTime() + "@example.com";

        ResponseEntity<String> second = whileCreating(
                () -> clients.create(new ClientData(name, "Race Client", "+31200000009", provider, "client-pass-1")),
                () -> data.admin().postForEntity("/api/v1/users", Map.of("username", name, "password",
                        "staff-pass-1", "roles", new String[] {"ADMIN"}, "departments", new String[0]),
                        String.class));

        assertThat(second.getStatusCode().value()).as(second.getBody()).isEqualTo(409);
        assertThat(identity.checkPassword(name, "client-pass-1")).isTrue();
        assertThat(identity.createGroupQuery().groupMember(name).list()).extracting(g -> g.getId())
                .containsExactly("hostflow-clients");
    }

    /** Without logins: the e-mails' unique key sees letter case, so both used to be created. */
    @Test
    void aClientCreatedWhileAClientWithTheEmailInOtherLetterCaseIsBeingCreatedAnswers409() throws Exception {
        String name = "case-race-" + System.nanoTime() + "@example.com";

        ResponseEntity<String> second = whileCreating(
                () -> clients.create(new ClientData(name, "Race Client", "+31200000009", provider, null)),
                () -> data.admin().postForEntity("/api/v1/clients", withoutPassword(client(name.toUpperCase())),
                        String.class));

        assertThat(second.getStatusCode().value()).as(second.getBody()).isEqualTo(409);
        assertThat(jdbc.queryForObject("select count(*) from hostflow.client where lower(email) = lower(?)",
                Long.class, name)).isEqualTo(1);
    }

    private static Map<String, Object> withoutPassword(Map<String, Object> client) {
        client.remove("password");
        return client;
    }

    /**
     * Runs {@code first} in a transaction that stays open until {@code second}, sent meanwhile, waits on a lock in
     * PostgreSQL (the advisory lock on the name, or without it the engine's unique key); then commits it and answers
     * what {@code second} answered.
     */
    private ResponseEntity<String> whileCreating(Runnable first, java.util.function.Supplier<ResponseEntity<String>>
            second) throws Exception {
        CountDownLatch created = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        AtomicInteger creatingBackend = new AtomicInteger();
        CompletableFuture<Void> creation = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions)
                .executeWithoutResult(status -> {
                    first.run();
                    creatingBackend.set(jdbc.queryForObject("select pg_backend_pid()", Integer.class));
                    created.countDown();
                    try {
                        assertThat(commit.await(60, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }));
        assertThat(created.await(60, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<ResponseEntity<String>> answer = CompletableFuture.supplyAsync(second);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> blockedBy(creatingBackend.get()) > 0);
        } finally {
            commit.countDown();
        }
        creation.get(60, TimeUnit.SECONDS);
        return answer.get(60, TimeUnit.SECONDS);
    }

    /**
     * Backends waiting for a lock {@code backend} holds (counting every waiting lock instead, a lock wait of another
     * context's background work that ended that moment hid this one for good on a loaded machine).
     */
    private long blockedBy(int backend) {
        return jdbc.queryForObject("select count(*) from pg_stat_activity where ? = any(pg_blocking_pids(pid))",
                Long.class, backend);
    }

    private Map<String, Object> client(String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("name", "Race Client");
        body.put("phone", "+31200000009");
        body.put("providerId", provider);
        body.put("password", "client-pass-1");
        return body;
    }
}
