package com.hostflow.lifecycle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.FieldProblems;

/**
 * A client's {@code Idempotency-Key} on a request with effects (an order, a prolongation): the same request sent again
 * under the key does nothing the second time and answers with what the first made; a different request under a used
 * key is 409. Keys are the client's own, one namespace for every kind of request. The key is recorded in the
 * transaction of the effect, so a request that was refused or rolled back leaves no key behind.
 */
@Component
public class RequestKeys {

    public static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 100;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    RequestKeys(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** 1 to 100 visible ASCII characters (a UUID, a client's request id); else a 400 naming the header. */
    private static void check(String key) {
        boolean visibleAscii = key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        new FieldProblems().addIf(key.isEmpty() || key.length() > MAX_KEY_LENGTH || !visibleAscii, HEADER,
                "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters").throwIfAny();
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
     * key's first request. Holds the key to the end of the transaction first, so a second request with the key waits
     * here until the first has committed (then finds it) or rolled back (then is the first).
     *
     * @param kind    what the request does ({@code order}, {@code prolong})
     * @param request what the client asked for, in a fixed order: the same request gives the same text
     * @throws ConflictException when the key was used for a different request
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Long> madeBefore(long clientId, String key, String kind, String request) {
        check(key);
        jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?))", "hostflow.request:" + clientId + ":" + key);
        List<Map<String, Object>> earlier = jdbc.queryForList("select kind, fingerprint, result_id from"
                + " hostflow.request_key where client_id = ? and idempotency_key = ?", clientId, key);
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = earlier.get(0);
        if (!kind.equals(row.get("kind")) || !fingerprint(request).equals(row.get("fingerprint"))) {
            throw new ConflictException(HEADER + " " + key + " was used for another request before; use a new key"
                    + " for a new request");
        }
        return Optional.of(((Number) row.get("result_id")).longValue());
    }

    /** Records the key's first request and what it made, in the transaction of its effect. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(long clientId, String key, String kind, String request, long resultId) {
        jdbc.update("insert into hostflow.request_key (client_id, idempotency_key, kind, fingerprint, result_id,"
                + " created_at) values (?, ?, ?, ?, ?, ?)", clientId, key, kind, fingerprint(request), resultId,
                Timestamp.from(clock.instant()));
    }
}
