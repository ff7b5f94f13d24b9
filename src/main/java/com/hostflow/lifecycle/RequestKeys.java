package com.hostflow.lifecycle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.FieldProblems;

/**
 * A client's {@code Idempotency-Key} on a request with effects (a prolongation): the same request sent again under
 * the key does nothing the second time; a different request under a used key is 409. The key is recorded in the
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
    public static void check(String key) {
        boolean visibleAscii = key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        new FieldProblems().addIf(key.isEmpty() || key.length() > MAX_KEY_LENGTH || !visibleAscii, HEADER,
                "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters").throwIfAny();
    }

    /** The fingerprint of a request as text: what the client asked for, in a fixed order. */
    public static String fingerprint(String request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(request.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Whether this is the first request under the client's key; records it when it is. A second request with the key
     * waits here until the first has committed or rolled back.
     *
     * @throws ConflictException when the key was used for a different request
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean firstTime(long clientId, String key, String request) {
        check(key);
        jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?))", "hostflow.request:" + clientId + ":" + key);
        String fingerprint = fingerprint(request);
        List<String> earlier = jdbc.queryForList("select fingerprint from hostflow.request_key where client_id = ?"
                + " and idempotency_key = ?", String.class, clientId, key);
        if (!earlier.isEmpty()) {
            if (!earlier.get(0).equals(fingerprint)) {
                throw new ConflictException(HEADER + " " + key + " was used for another request before; use a new"
                        + " key for a new request");
            }
            return false;
        }
        jdbc.update("insert into hostflow.request_key (client_id, idempotency_key, fingerprint, created_at) values"
                + " (?, ?, ?, ?)", clientId, key, fingerprint, Timestamp.from(clock.instant()));
        return true;
    }
}
