package com.hostflow.common.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;


/**
 * An {@code Idempotency-Key} on a request with effects (an order, a prolongation, an add-on change, a password reset,
 * a deletion, an admin's suspension or resumption, an admin's credit): the same request sent again under the key does
 * nothing the second time and answers with what the first made; a different request under a used key is 409. Keys
 * are the caller's own (the login that sent the request) within the client the request acts for, one namespace for
 * every kind of request: an admin's key that the client happened to use too is another key, not the client's
 * request. The key is recorded in the transaction of the effect, so a request that was refused or rolled back leaves
 * no key behind. A key is kept for {@code hostflow.request-keys.retention}; a request under an older key is a new
 * request, and {@link RequestKeyCleanup} removes such keys.
 */
@Component
public class RequestKeys {

    public static final String HEADER = IdempotencyKeyHeader.NAME;

    /** the instant before which keys are past the retention (its one parameter, in seconds), by the database's clock */
    private static final String EXPIRED_BEFORE = "clock_timestamp() - make_interval(secs => ?)";

    private final JdbcTemplate jdbc;
    private final Duration retention;
    private final TransactionTemplate transactions;

    // a client retries a request whose answer it lost within minutes or hours (its retry loop, a reload of the form);
    // a week also covers a client whose retries stop over a long weekend outage, and a key row is some 200 bytes
    RequestKeys(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
            @Value("${hostflow.request-keys.retention:P7D}") Duration retention) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("hostflow.request-keys.retention must be positive, not " + retention);
        }
        this.jdbc = jdbc;
        this.retention = retention;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Keys recorded before this instant are past the retention: forgotten, a request under one is a new request. By
     * the database's clock, as the keys' times are: a key's week is a week of real time, whatever the demo's moved
     * clock shows (a month on had made a retry under a key used a minute before a second order).
     */
    Instant expiredBefore() {
        return jdbc.queryForObject("select " + EXPIRED_BEFORE, Timestamp.class, retentionSeconds()).toInstant();
    }

    private double retentionSeconds() {
        return retention.toNanos() / 1e9;
    }

    private static String fingerprint(String request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(request.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * What an earlier request with the client's key made (an order's id, a prolonged service's id); empty for the
     * key's first request, and for a key older than the retention (forgotten here, whether or not the clean-up has
     * come by yet, so the answer does not depend on when it runs). Holds the key to the end of the transaction first,
     * so a second request with the key waits here until the first has committed (then finds it) or rolled back (then
     * is the first).
     *
     * @param kind    what the request does ({@code order}, {@code prolong}, {@code parameters}, ...)
     * @param request what the client asked for, in a fixed order: the same request gives the same text
     * @throws ConflictException when the key was used for a different request
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Long> madeBefore(long clientId, String key, String kind, String request) {
        IdempotencyKeyHeader.check(key);
        String caller = caller();
        jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?))",
                "hostflow.request:" + clientId + ":" + caller + ":" + key);
        // caller '': a key recorded before keys were the caller's, anyone's of the client until it expires
        List<Map<String, Object>> earlier = jdbc.queryForList("select caller, kind, fingerprint, result_id,"
                + " created_at < " + EXPIRED_BEFORE + " as expired from hostflow.request_key"
                + " where client_id = ? and caller in (?, '') and idempotency_key = ? order by caller desc",
                retentionSeconds(), clientId, caller, key);
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = earlier.get(0);
        if (Boolean.TRUE.equals(row.get("expired"))) {
            // in this transaction: a request refused after all leaves the old key as it was
            jdbc.update("delete from hostflow.request_key where client_id = ? and caller = ? and idempotency_key = ?",
                    clientId, row.get("caller"), key);
            return Optional.empty();
        }
        String earlierKind = (String) row.get("kind");
        if (!kind.equals(earlierKind)) {
            // name what the key did before: "another prolong request" for an order's key sends the client astray
            throw new KeyUsedForAnotherRequest(HEADER + " " + key + " was used for " + aRequest(earlierKind) + " before, not "
                    + aRequest(kind) + "; use a new key for a new request");
        }
        if (!fingerprint(request).equals(row.get("fingerprint"))) {
            throw new KeyUsedForAnotherRequest(HEADER + " " + key + " was used for another " + kind + " request before; use"
                    + " a new key for a new request");
        }
        return Optional.of(((Number) row.get("result_id")).longValue());
    }

    private static String aRequest(String kind) {
        return (kind.startsWith("o") ? "an " : "a ") + kind + " request";
    }

    /**
     * Runs {@code action} (an action whose own transaction joins this one) once per key: answers true when it ran
     * now, false when the key's earlier request ran it (nothing runs again). Without a key it just runs. A
     * {@link CountedRefusal} of the action commits what it wrote and is thrown after.
     *
     * @param resultId what the request acts on, kept with the key (a service's id)
     */
    public boolean once(long clientId, String key, String kind, String request, long resultId, Runnable action) {
        if (key == null) {
            action.run();
            return true;
        }
        CountedRefusal[] refused = new CountedRefusal[1];
        Boolean ran = transactions.execute(status -> {
            if (madeBefore(clientId, key, kind, request).isPresent()) {
                return false;
            }
            try {
                action.run();
            } catch (CountedRefusal refusal) {
                // what it counted commits; no key is recorded, so a corrected request may use it
                refused[0] = refusal;
                return false;
            }
            record(clientId, key, kind, request, resultId);
            return true;
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        return Boolean.TRUE.equals(ran);
    }

    /**
     * Records the key's first request and what it made, in the transaction of its effect; its time is the database's
     * ({@code created_at}'s default, V115).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(long clientId, String key, String kind, String request, long resultId) {
        jdbc.update("insert into hostflow.request_key (client_id, caller, idempotency_key, kind, fingerprint,"
                + " result_id) values (?, ?, ?, ?, ?, ?)", clientId, caller(), key, kind, fingerprint(request),
                resultId);
    }

    /** The login that sent the request; every request with effects comes from one (the API or a console page). */
    private static String caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication.getName() == null || authentication.getName().isEmpty()) {
            throw new IllegalStateException("an Idempotency-Key needs the login that sent it");
        }
        return authentication.getName();
    }
}
