package com.hostflow.lifecycle.parameters;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.billing.BillingCalendar;
import com.hostflow.billing.BillingService;
import com.hostflow.billing.BillingService.PaidPeriod;
import com.hostflow.billing.ChargeRequest;
import com.hostflow.billing.CreditKind;
import com.hostflow.billing.CreditRequest;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.common.web.BusinessRuleException;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.common.web.RequestKeys;
import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.services.OperationJournal;
import com.hostflow.services.ServiceAccess;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;

/**
 * Changing the add-ons of a running service: the values are checked against the tariff (min, max, step), the
 * prorated difference is charged or credited at once (422 when the balance does not cover an upgrade, nothing
 * written), and ParameterChangeProcess has the module apply them; when the module cannot, the old values and the
 * money come back.
 */
@Service
public class ServiceParameterChanges {

    private static final Logger log = LoggerFactory.getLogger(ServiceParameterChanges.class);
    /** A service without charges of its periods counted back from paid-until: at most this many (DAY: a year). */
    private static final int MOST_PERIODS_COUNTED_BACK = 366;
    /** What a parameter change's Idempotency-Key is recorded as. */
    private static final String PARAMETERS_REQUEST = "parameters";

    private final ServiceRepository services;
    private final CatalogLookup catalog;
    private final BillingService billing;
    private final LifecycleEvents events;
    private final Clock clock;
    private final JdbcTemplate jdbc;
    private final RequestKeys requestKeys;
    private final ServiceAccess access;
    private final OperationJournal journal;

    ServiceParameterChanges(ServiceRepository services, CatalogLookup catalog, BillingService billing,
            LifecycleEvents events, Clock clock, JdbcTemplate jdbc, RequestKeys requestKeys, ServiceAccess access,
            OperationJournal journal) {
        this.requestKeys = requestKeys;
        this.access = access;
        this.journal = journal;
        this.services = services;
        this.catalog = catalog;
        this.billing = billing;
        this.events = events;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    /** Charges or credits the prorated difference and starts ParameterChangeProcess; answers the amount. */
    @Transactional
    public BigDecimal requestChange(long serviceId, Map<String, Long> changes) {
        return requestChange(serviceId, changes, null).amount();
    }

    /** A change asked for; {@code requestedBefore}: by an earlier request under its key, and nothing done now. */
    public record RequestedChange(BigDecimal amount, boolean requestedBefore) {
    }

    /**
     * {@link #requestChange(long, Map)} under the client's Idempotency-Key (null: none): the same request sent again
     * charges and credits nothing, starts nothing and answers {@code requestedBefore} (with no amount).
     *
     * @throws ConflictException when the key was used for a different request
     */
    @Transactional
    public RequestedChange requestChange(long serviceId, Map<String, Long> changes, String idempotencyKey) {
        return requestChange(serviceId, changes, idempotencyKey, null);
    }

    /**
     * {@link #requestChange(long, Map, String)} at the price the client was shown ({@code shownAmount}, null: any):
     * when the change costs another amount now (the tariff's prices changed, a day passed, another change was made
     * meanwhile), nothing is charged or started and a {@link ConflictException} says the new amount.
     */
    @Transactional
    public RequestedChange requestChange(long serviceId, Map<String, Long> changes, String idempotencyKey,
            BigDecimal shownAmount) {
        // under the row lock a deletion takes when it is asked for: one accepted before is seen here, and nothing
        // is charged for a VM about to be closed
        ServiceInstance service = services.findForUpdate(serviceId)
                .orElseThrow(() -> new NotFoundException("service", serviceId));
        // the row lock first, then the key's lock, as a prolongation takes them
        String request = serviceId + "|" + (changes == null ? Map.of() : new TreeMap<>(changes));
        if (idempotencyKey != null && requestKeys.madeBefore(service.getClientId(), idempotencyKey,
                PARAMETERS_REQUEST, request).isPresent()) {
            return new RequestedChange(null, true);
        }
        // a change of the tariff's add-ons at this moment waits for this one and then sees the new values, or this
        // one for it and then checks them against its add-ons
        catalog.holdTariff(service.getTariffId());
        Map<String, Long> newAddons = checkedNewAddons(service, changes);
        TariffTerms tariff = catalog.tariff(service.getTariffId()).orElseThrow();
        Instant now = clock.instant();
        LocalDate today = BillingCalendar.day(now);
        List<PaidPeriod> paid = paidPeriods(service, tariff, today);
        if (shownAmount != null) {
            // under the locks the charge below takes, so the amount checked is the amount charged
            BigDecimal current = billing.prorationAmount(service.getClientId(), serviceId, tariff.id(),
                    service.getPeriod(), service.getAddons(), newAddons, paid, today);
            if (current.compareTo(shownAmount) != 0) {
                throw new ConflictException("this change now " + (current.signum() < 0 ? "credits "
                        + current.negate() : "costs " + current) + ", not the " + shownAmount.abs() + " shown:"
                        + " nothing was charged; look at its price again");
            }
        }
        String key = changeKey(serviceId, now);
        BigDecimal amount = billing.changeParameters(key, service.getClientId(), tariff.id(), serviceId,
                service.getPeriod(), service.getAddons(), newAddons, paid, today);
        service.startParameterChange(newAddons, key, now);
        String instance = events.start(ParameterChangeProcess.KEY, serviceId, Map.of(
                ParameterChangeProcess.SERVICE_ID, serviceId, ParameterChangeProcess.CHANGE_KEY, key,
                ParameterChangeProcess.AMOUNT, amount.toPlainString()));
        if (access.callerIsClient()) { // an admin's change refused is not the client's to see
            journal.askedByClient(serviceId, ModuleOperation.SET_PARAM.feature(), instance);
        }
        if (idempotencyKey != null) {
            requestKeys.record(service.getClientId(), idempotencyKey, PARAMETERS_REQUEST, request, serviceId);
        }
        return new RequestedChange(amount, false);
    }

    /**
     * What {@link #requestChange} would charge (positive) or credit (negative) today, with the same checks, writing
     * nothing: the price a client sees before confirming. The caller checks that it may see the service.
     */
    @Transactional(readOnly = true)
    public ChangeQuote quoteChange(long serviceId, Map<String, Long> changes) {
        ServiceInstance service = service(serviceId);
        Map<String, Long> newAddons = checkedNewAddons(service, changes);
        TariffTerms tariff = catalog.tariff(service.getTariffId()).orElseThrow();
        LocalDate today = BillingCalendar.day(clock.instant());
        LocalDate periodEnd = service.getPaidUntil() == null ? null : BillingCalendar.day(service.getPaidUntil());
        BigDecimal amount = billing.prorationAmount(service.getClientId(), serviceId, tariff.id(),
                service.getPeriod(), service.getAddons(), newAddons, paidPeriods(service, tariff, today), today);
        return new ChangeQuote(serviceId, Map.copyOf(service.getAddons()), Map.copyOf(newAddons), amount,
                catalog.providerCurrency(tariff.providerId()).orElse(null), today, periodEnd);
    }

    /** The prorated price of a parameter change: {@code amount} positive is charged, negative credited. */
    public record ChangeQuote(long serviceId, Map<String, Long> currentAddons, Map<String, Long> newAddons,
            BigDecimal amount, String currency, LocalDate from, LocalDate to) {
    }

    private Map<String, Long> checkedNewAddons(ServiceInstance service, Map<String, Long> changes) {
        long serviceId = service.getId();
        // invalid input is reported before the state conflicts it may also run into
        FieldProblems problems = new FieldProblems();
        billing.addonProblems(service.getTariffId(), changes).forEach(p -> problems.add(p.field(), p.message()));
        problems.throwIfAny();
        if (service.isBeingDeleted(clock.instant())) {
            throw new ConflictException("service " + serviceId + " " + service.deletionState());
        }
        if (service.getStatus() != ServiceStatus.ACTIVE) {
            throw new ConflictException("service " + serviceId + " is " + service.getStatus());
        }
        if (service.getProcessingModuleId() == null) {
            // its set-up never chose a module (an admin moved the order past it in Cockpit): the module call would fail
            throw new ConflictException("service " + serviceId + " is in no processing module (its set-up never"
                    + " chose one) and its parameters cannot be changed");
        }
        if (service.hasParameterChangePending()) {
            throw new ConflictException("service " + serviceId + " has a parameter change in progress");
        }
        Map<String, Long> newAddons = new LinkedHashMap<>(service.getAddons());
        newAddons.putAll(changes);
        problems.addIf(newAddons.equals(service.getAddons()), "addons", "changes nothing");
        problems.throwIfAny();
        checkSoldForItsPeriod(service, newAddons);
        return newAddons;
    }

    /**
     * The new values must be sold for the period the service's prolongations charge (400 naming
     * {@code addons.<resource>}), also when no paid period is left to price the change over: a DAY service whose
     * paid-until passed before the billing run came took RAM not sold by the DAY, and its prolongation then failed
     * on it, an incident with the service running unpaid. A trial's values are checked for the period it goes on
     * with.
     */
    private void checkSoldForItsPeriod(ServiceInstance service, Map<String, Long> newAddons) {
        Period period = service.getPeriod();
        if (period == null || period == Period.ONE_TIME) {
            return; // a one-time service is never prolonged
        }
        TariffTerms tariff = catalog.tariff(service.getTariffId()).orElseThrow();
        // a trial goes on with the tariff's first priced period
        Period charged = period == Period.TRIAL ? tariff.periodAfterTrial().orElse(null) : period;
        if (charged != null && tariff.prices().containsKey(charged)) {
            billing.price(tariff.id(), charged, newAddons);
        }
    }

    /**
     * A ParameterChangeProcess starts for the change its service has pending: its business key and
     * {@code serviceId} name the service, its {@code changeKey} is that change's, and no other process of a change
     * runs for it (its own start comes right after {@link #requestChange} wrote the change). Anything else is a start
     * by hand, refused with nothing started (400 at the engine REST): at Task_RevertParameterChange it credited any
     * amount it was given.
     */
    @Transactional
    public void checkStartedForItsChange(long serviceId, String changeKey, String businessKey,
            String processInstanceId) {
        ServiceInstance service = service(serviceId);
        if (!Long.toString(serviceId).equals(businessKey) || changeKey == null || !service.hasParameterChangePending()
                || !service.getParameterChangeKey().filter(changeKey::equals).isPresent()
                || events.runsBeside(ParameterChangeProcess.KEY, serviceId, processInstanceId)) {
            throw new IllegalStateException("service " + serviceId + " has no parameter change " + changeKey
                    + " waiting for its process (business key " + businessKey + "): a change's process starts when"
                    + " it is asked for, once");
        }
    }

    /**
     * The module applied the change: the new values stay, and a decrease's credit is booked now. Answers whether the
     * service is being deleted (an admin's deletion asked for while the module applied it is due, or done): its
     * client then hears of the deletion, not that the change is done.
     */
    @Transactional
    public boolean finish(long serviceId) {
        // the row lock first, then the account's, as requestChange takes them
        ServiceInstance service = services.findForUpdate(serviceId)
                .orElseThrow(() -> new NotFoundException("service", serviceId));
        service.getParameterChangeKey().ifPresent(key -> {
            billing.bookHeldCredits(key);
            if (service.hasParameterChangePending() && !service.isDeleted()) {
                settleProlongations(service, key, service.getAddons(), key + "-applied",
                        BillingService.parameterChange(service.getPreviousAddons(), service.getAddons())
                                + " applied in the prolonged period");
            }
        });
        Instant now = clock.instant();
        service.finishParameterChange(now);
        return service.isDeletedOrBeingDeleted(now);
    }

    /** The module could not apply the change: old values back, and the prorated money back the other way. */
    @Transactional
    public void revert(long serviceId, String changeKey, BigDecimal amount) {
        undo(service(serviceId), changeKey, amount, "the module could not apply it");
    }

    /**
     * The change's process ended with the change neither finished nor undone: it was cancelled (in Cockpit), and is
     * undone as a refusal of the module would be. Nothing when the service has no such change pending any more.
     */
    @Transactional
    public void undoUnfinished(long serviceId, String changeKey, BigDecimal amount) {
        ServiceInstance service = services.findForUpdate(serviceId).orElse(null);
        if (service == null || !service.hasParameterChangePending()
                || !service.getParameterChangeKey().filter(changeKey::equals).isPresent()) {
            return;
        }
        log.warn("service {}: parameter change {} ended unfinished (cancelled?); undone", serviceId, changeKey);
        undo(service, changeKey, amount, "its process was cancelled");
    }

    private void undo(ServiceInstance service, String changeKey, BigDecimal amount, String why) {
        Instant now = clock.instant();
        // what the client asked for, as its charge said it: the money key told a client nothing
        String change = service.hasParameterChangePending()
                ? BillingService.parameterChange(service.getPreviousAddons(), service.getAddons())
                : "Parameter change " + changeKey;
        if (service.hasParameterChangePending() && !service.isDeleted()) {
            settleProlongations(service, changeKey, service.getPreviousAddons(),
                    BillingService.reversalKey(changeKey), change + " undone in the prolonged period: " + why);
        }
        service.revertParameterChange(now);
        // a decrease's credit was only held: dropped, nothing to take back (a change asked for before credits were
        // held has none held, and its booked credit is taken back)
        BigDecimal booked = amount.add(billing.dropHeldCredits(changeKey));
        giveBack(service, BillingService.reversalKey(changeKey), booked, CreditKind.ADJUSTMENT,
                BillingCalendar.day(now), null, change + " undone: " + why);
    }

    /**
     * Moves {@code amount} back the other way under {@code key}: a charge is credited, a credit charged; a credit
     * the balance cannot take back any more stays with the client.
     */
    private void giveBack(ServiceInstance service, String key, BigDecimal amount, CreditKind kind, LocalDate from,
            LocalDate to, String description) {
        if (amount.signum() > 0) {
            billing.credit(new CreditRequest(key, service.getClientId(), service.getProviderId(), service.getId(),
                    kind, amount, kind == CreditKind.PRORATION ? from : null, to, description));
        } else if (amount.signum() < 0) {
            try {
                billing.charge(new ChargeRequest(key, service.getClientId(), service.getTariffId(), service.getId(),
                        amount.negate(), from, to, description));
            } catch (BusinessRuleException e) {
                log.warn("service {}: {} stays with the client, the balance cannot take it back", service.getId(),
                        key);
            }
        }
    }

    /**
     * A prolongation charged while the change waited for its module priced its period at the larger of each
     * resource's old and new value ({@link ServiceInstance#getBillableAddons}): once the module has answered, each such
     * period gets back what it was charged above the values the service keeps, as a credit for that period, so a
     * refund of its unused days later counts it. It was priced at the new values and charged the difference back when
     * a decrease was refused (fourth race probe), which an empty balance could not pay: the month stayed billed at the
     * smaller RAM. A deleted service had those periods refunded as charged already.
     */
    private void settleProlongations(ServiceInstance service, String changeKey, Map<String, Long> kept, String key,
            String description) {
        long serviceId = service.getId();
        TariffTerms tariff = catalog.tariff(service.getTariffId()).orElseThrow();
        Instant changeStarted = startOf(changeKey);
        List<Map<String, Object>> prolongations = jdbc.queryForList("select charge_key, period_from, period_to"
                + " from hostflow.charge where service_id = ? and charge_key like 'prolong-%' and charged_at >= ?"
                + " and period_to is not null order by id", serviceId, Timestamp.from(changeStarted));
        for (Map<String, Object> prolongation : prolongations) {
            LocalDate from = ((java.sql.Date) prolongation.get("period_from")).toLocalDate();
            LocalDate to = ((java.sql.Date) prolongation.get("period_to")).toLocalDate();
            Period period = BillingCalendar.periodBetween(from, to, tariff.trialDays(), service.getBillingDay())
                    .orElse(null);
            if (period == null || !tariff.prices().containsKey(period)) {
                continue;
            }
            BigDecimal charged = billing.price(tariff.id(), period, service.getBillableAddons());
            BigDecimal owed = billing.price(tariff.id(), period, kept);
            if (charged.compareTo(owed) > 0) {
                giveBack(service, key + "-" + prolongation.get("charge_key"), charged.subtract(owed),
                        CreditKind.PRORATION, from, to, description);
            }
        }
    }

    /** A change's money key: unique per service and instant, and it says when the change was asked for. */
    private static String changeKey(long serviceId, Instant now) {
        return "param-" + serviceId + "-" + now.toEpochMilli();
    }

    /** When the change of a {@link #changeKey} was asked for. */
    private static Instant startOf(String changeKey) {
        return Instant.ofEpochMilli(Long.parseLong(changeKey.substring(changeKey.lastIndexOf('-') + 1)));
    }

    /**
     * The paid periods a change today is priced over: those the service's charges booked, or, for a service without
     * them (a trial, one made before charges carried their period), its own period counted back from paid-until.
     */
    private List<PaidPeriod> paidPeriods(ServiceInstance service, TariffTerms tariff, LocalDate today) {
        if (service.getPaidUntil() == null) {
            return List.of();
        }
        List<PaidPeriod> booked = billing.paidPeriods(service.getId(), today, tariff.trialDays(),
                service.getBillingDay());
        if (!booked.isEmpty()) {
            return booked;
        }
        Period period = service.getPeriod();
        List<PaidPeriod> counted = new ArrayList<>();
        LocalDate end = BillingCalendar.day(service.getPaidUntil());
        do {
            LocalDate start = BillingCalendar.months(period) > 0
                    ? BillingCalendar.monthsPeriodStart(end, period, service.getBillingDay())
                    : end.minusDays(period == Period.TRIAL ? tariff.trialDays() : 1);
            counted.add(0, new PaidPeriod(period, start, end));
            end = start;
        } while (end.isAfter(today) && period != Period.TRIAL && counted.size() < MOST_PERIODS_COUNTED_BACK);
        return counted;
    }

    private ServiceInstance service(long serviceId) {
        return services.findById(serviceId).orElseThrow(() -> new NotFoundException("service", serviceId));
    }
}
