package com.hostflow.lifecycle.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.lifecycle.order.ServiceOrders.OrderCommand;

/**
 * An order sent again under the client's {@code Idempotency-Key} is the order placed the first time: a client
 * retrying after an answer it lost, or a form submitted twice, gets one service and one charge. The key is unique per
 * client; the fingerprint of the request tells the same order from a different one sent under a used key (409).
 */
@Component
class OrderIdempotency {

    static final String HEADER = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 100;

    private final JdbcTemplate jdbc;
    private final ServiceOrderRepository orders;

    OrderIdempotency(JdbcTemplate jdbc, ServiceOrderRepository orders) {
        this.jdbc = jdbc;
        this.orders = orders;
    }

    /** 1 to 100 visible ASCII characters (a UUID, a client's request id). */
    private static void check(String key) {
        boolean visibleAscii = key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        new FieldProblems().addIf(key.isEmpty() || key.length() > MAX_KEY_LENGTH || !visibleAscii, HEADER,
                "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters").throwIfAny();
    }

    /**
     * The order placed earlier under the client's key by the same request. Holds the key to the end of the
     * transaction first, so a second request with the key waits here until the first has committed its order, then
     * finds it.
     *
     * @throws ConflictException when the key placed a different order
     */
    Optional<ServiceOrder> placedEarlier(OrderCommand command, String key) {
        check(key);
        jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?))",
                "hostflow.order:" + command.clientId() + ":" + key);
        Optional<ServiceOrder> earlier = orders.findByClientIdAndIdempotencyKey(command.clientId(), key);
        if (earlier.isPresent() && !earlier.get().placedBy(fingerprint(command))) {
            throw new ConflictException(HEADER + " " + key + " placed another order (" + earlier.get().getId()
                    + ") before; use a new key for a new order");
        }
        return earlier;
    }

    /** What the client asked for, whatever the order of the maps' entries. */
    static String fingerprint(OrderCommand command) {
        String request = command.tariffId() + "|" + command.period() + "|" + sorted(command.addons()) + "|"
                + sorted(command.params());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(request.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static Map<String, ?> sorted(Map<String, ?> values) {
        return values == null ? Map.of() : new TreeMap<>(values);
    }
}
