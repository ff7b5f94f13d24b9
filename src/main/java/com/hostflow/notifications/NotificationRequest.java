package com.hostflow.notifications;

import java.util.Map;

/**
 * One event to tell a client about.
 *
 * @param idempotencyKey unique per event: a second request with the same key is the same notification and writes
 *                       nothing (e.g. {@code <process instance>:<activity>}, {@code payment-<id>})
 * @param template       the template, which names the event (service-ready, payment-received, ...)
 * @param clientId       whom to tell; taken from the service or order when null
 * @param serviceId      the service the event is about, or null
 * @param orderId        the order the event is about, or null (else the service's latest order)
 * @param params         further facts the templates show as {@code params.<name>} (small values, never secrets)
 */
public record NotificationRequest(String idempotencyKey, String template, Long clientId, Long serviceId, Long orderId,
        Map<String, Object> params) {

    public NotificationRequest {
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
