package com.hostflow.lifecycle.order;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.hostflow.common.web.ConflictException;
import com.hostflow.lifecycle.RequestKeys;
import com.hostflow.lifecycle.order.ServiceOrders.OrderCommand;

/**
 * An order sent again under the client's {@code Idempotency-Key} is the order placed the first time: a client
 * retrying after an answer it lost, or a form submitted twice, gets one service and one charge. The key is unique per
 * client; the fingerprint of the request tells the same order from a different one sent under a used key (409).
 */
@Component
class OrderIdempotency {

    static final String HEADER = RequestKeys.HEADER;

    private final JdbcTemplate jdbc;
    private final ServiceOrderRepository orders;

    OrderIdempotency(JdbcTemplate jdbc, ServiceOrderRepository orders) {
        this.jdbc = jdbc;
        this.orders = orders;
    }

    /**
     * The order placed earlier under the client's key by the same request. Holds the key to the end of the
     * transaction first, so a second request with the key waits here until the first has committed its order, then
     * finds it.
     *
     * @throws ConflictException when the key placed a different order
     */
    Optional<ServiceOrder> placedEarlier(OrderCommand command, String key) {
        RequestKeys.check(key);
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
        return RequestKeys.fingerprint(request);
    }

    private static Map<String, ?> sorted(Map<String, ?> values) {
        return values == null ? Map.of() : new TreeMap<>(values);
    }
}
