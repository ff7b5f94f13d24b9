package com.hostflow.lifecycle.reminders;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.billing.BillingService;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ProductTypeRules;
import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.lifecycle.prolongation.ServiceProlongations;

/**
 * When ServiceExpiryReminderProcess runs, and whether a reminder is still needed. The billing run starts the process
 * for services whose first reminder comes within {@link #HORIZON}, once per paid period ({@code reminders_for} holds
 * the paid-until planned for), so a service has no reminder process for most of its period.
 */
@Service
public class ExpiryReminderPlanning {

    /** Ahead of a run, the first reminders it plans: a day, and a day more in case one run is missed. */
    static final Duration HORIZON = Duration.ofDays(2);
    private static final String SERVICE = "hostflow.service";
    private static final String LIVE = "status in ('ACTIVE', 'SUSPENDED') and delete_at is null";

    private final JdbcTemplate jdbc;
    private final CatalogLookup catalog;
    private final LifecycleEvents events;
    private final ServiceProlongations prolongations;
    private final BillingService billing;
    private final Clock clock;

    public ExpiryReminderPlanning(JdbcTemplate jdbc, CatalogLookup catalog, LifecycleEvents events,
            ServiceProlongations prolongations, BillingService billing, Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.events = events;
        this.prolongations = prolongations;
        this.billing = billing;
        this.clock = clock;
    }

    /** One batch of the billing run's planning, in id order after {@code afterId}. */
    public record Batch(long lastServiceId, boolean full) {
    }

    @Transactional
    public Batch startBatch(long afterId, Instant now, int size) {
        List<Map<String, Object>> candidates = jdbc.queryForList("select id, product_type, paid_until from "
                + SERVICE + " where id > ? and " + LIVE + " and paid_until > ? and paid_until <= ?"
                + " and (reminders_for is null or reminders_for <> paid_until) order by id limit ?", afterId,
                Timestamp.from(now), Timestamp.from(now.plus(Duration.ofDays(maxReminderDays())).plus(HORIZON)),
                size);
        Map<String, Integer> earliest = new HashMap<>();
        for (Map<String, Object> candidate : candidates) {
            long serviceId = ((Number) candidate.get("id")).longValue();
            Instant paidUntil = ((Timestamp) candidate.get("paid_until")).toInstant();
            int days = earliest.computeIfAbsent((String) candidate.get("product_type"), this::firstReminderDays);
            if (days > 0 && !paidUntil.minus(Duration.ofDays(days)).isAfter(now.plus(HORIZON)) && claim(serviceId)) {
                events.start(ServiceExpiryReminderProcess.KEY, serviceId,
                        Map.of(ServiceExpiryReminderProcess.SERVICE_ID, serviceId));
            }
        }
        long last = candidates.isEmpty() ? afterId
                : ((Number) candidates.get(candidates.size() - 1).get("id")).longValue();
        return new Batch(last, candidates.size() == size);
    }

    /**
     * Whether a reminder still makes sense: the service is live and not being deleted, its paid period is the one
     * the reminders were planned for (not renewed since) and has not ended yet, and the balance does not pay the next
     * period. A reminder whose timer fires late (the engine was stopped over its day, the demo's clock moved on) after
     * the period ended stays unsent: it told the client "ends on <a past day>, in 0 day(s) ... otherwise it is
     * suspended when the period ends", seconds before "is suspended".
     */
    @Transactional
    public boolean reminderNeeded(long serviceId) {
        Integer samePeriod = jdbc.queryForObject("select count(*) from " + SERVICE + " where id = ? and " + LIVE
                + " and reminders_for = paid_until and paid_until > ?", Integer.class, serviceId,
                Timestamp.from(clock.instant()));
        return samePeriod != null && samePeriod > 0 && shortfall(serviceId).missing().signum() > 0;
    }

    /**
     * What the service's next period costs (add-ons included, as its prolongation charges it) and how much of it the
     * balance lacks. The balance pays the client's services in the order the billing run charges them, so the
     * services of the same client and provider that come first take their next period's price out of it before this
     * one: those due before it, and those due within a day after it with a lower id (a run charges what it finds due
     * in id order). Two services due the same day each looked covered by a balance that paid one of them. Within a
     * day the order is the run's only when both fall into the same run, so a service may be counted ahead that a run
     * charges after: the reminder errs towards telling the client.
     */
    @Transactional
    public Shortfall shortfall(long serviceId) {
        Map<String, Object> service = jdbc.queryForMap("select client_id, provider_id, paid_until from " + SERVICE
                + " where id = ?", serviceId);
        long clientId = ((Number) service.get("client_id")).longValue();
        long providerId = ((Number) service.get("provider_id")).longValue();
        Timestamp paidUntil = (Timestamp) service.get("paid_until");
        BigDecimal price = prolongations.nextPeriodPrice(serviceId).orElseThrow(() -> new IllegalStateException(
                "service " + serviceId + " cannot be priced for its next period"));
        // under the account's lock: a payment meanwhile is either seen here or reaches the reminder's wait after
        BigDecimal left = billing.lockedBalance(clientId, providerId);
        if (paidUntil != null) {
            List<Long> ahead = jdbc.queryForList("select id from " + SERVICE + " where client_id = ?"
                    + " and provider_id = ? and id <> ? and " + LIVE + " and period <> 'ONE_TIME'"
                    + " and paid_until is not null"
                    + " and (paid_until < ? or paid_until < ? and id < ?) order by paid_until, id", Long.class,
                    clientId, providerId, serviceId, paidUntil,
                    Timestamp.from(paidUntil.toInstant().plus(Duration.ofDays(1))), serviceId);
            for (long other : ahead) {
                // one that cannot be priced fails on its own and takes nothing from the balance
                left = left.subtract(prolongations.nextPeriodPrice(other).orElse(BigDecimal.ZERO));
            }
        }
        BigDecimal missing = price.subtract(left.max(BigDecimal.ZERO)).max(BigDecimal.ZERO);
        return new Shortfall(price, missing);
    }

    /** The next period's price and how much of it the balance lacks (zero when it is covered). */
    public record Shortfall(BigDecimal price, BigDecimal missing) {
    }

    /**
     * The service stays after all (its deletion was withdrawn, or the module could not close it): the next billing
     * run plans its reminders for the paid period again, which its deletion had withdrawn.
     */
    @Transactional
    public void replan(long serviceId) {
        jdbc.update("update " + SERVICE + " set reminders_for = null where id = ?", serviceId);
    }

    /**
     * Claims the service's reminders for its paid period. The update re-reads the row: a deletion that committed
     * since the batch's read (or held the row until now) leaves it unclaimed, so no reminder waits on a service on
     * its way out; one that comes later finds the reminder process and withdraws it
     * ({@code ServiceDeletions.register}).
     */
    private boolean claim(long serviceId) {
        return jdbc.update("update " + SERVICE + " set reminders_for = paid_until where id = ? and " + LIVE
                + " and (reminders_for is null or reminders_for <> paid_until)", serviceId) == 1;
    }

    /** The largest reminder days of a product type: its first reminder. */
    private int firstReminderDays(String productType) {
        return catalog.productType(productType).map(ProductTypeRules::expiryReminderDays)
                .flatMap(days -> days.stream().max(Integer::compare)).orElse(0);
    }

    private int maxReminderDays() {
        Integer days = jdbc.queryForObject("select coalesce(max(cast(d as integer)), 0) from hostflow.product_type,"
                + " unnest(string_to_array(nullif(expiry_reminder_days, ''), ',')) as d", Integer.class);
        return days == null ? 0 : days;
    }
}
