package com.hostflow.lifecycle.prolongation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.billing.BillingCalendar;
import com.hostflow.billing.BillingService;
import com.hostflow.billing.ChargeRequest;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.common.database.RememberedEntities;
import com.hostflow.common.web.BusinessRuleException;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.InvalidInputException;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.common.web.RequestKeys;
import com.hostflow.history.DecisionPreviews;
import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;
import com.hostflow.services.SuspensionReason;

import jakarta.persistence.EntityManager;

/**
 * Prolonging services from the balance, as ServiceProlongationProcess does it: asked by a client, and by the billing
 * run for every service whose paid period ended. A service has at most one prolongation at a time: a claim written
 * by a conditional update before the process starts (so two billing runs, two nodes or a client and the billing run
 * never start two), given back when the process ends. What a due service does next is the ProlongationDecision
 * table's business; this class reports facts and moves money. Each period is charged once: the key is
 * {@code prolong-<service>-<first day>}.
 */
@Service
public class ServiceProlongations {

    private static final String SERVICE = "hostflow.service";

    /** What a prolongation's Idempotency-Key is recorded as. */
    private static final String PROLONG_REQUEST = "prolong";

    /** The most periods one prolongation charges to catch up (a year of days); a later run charges the rest. */
    static final int MOST_PERIODS_CAUGHT_UP = 366;

    private final ServiceRepository services;
    private final CatalogLookup catalog;
    private final BillingService billing;
    private final LifecycleEvents events;
    private final JdbcTemplate jdbc;
    private final EntityManager entityManager;
    private final RequestKeys requestKeys;
    private final ProlongationDecisions decisions;
    private final Clock clock;

    ServiceProlongations(ServiceRepository services, CatalogLookup catalog, BillingService billing,
            LifecycleEvents events, JdbcTemplate jdbc, EntityManager entityManager, RequestKeys requestKeys,
            ProlongationDecisions decisions, Clock clock) {
        this.services = services;
        this.catalog = catalog;
        this.billing = billing;
        this.events = events;
        this.jdbc = jdbc;
        this.entityManager = entityManager;
        this.requestKeys = requestKeys;
        this.decisions = decisions;
        this.clock = clock;
    }

    /**
     * Facts for the ProlongationDecision table; {@code deletionWaits}: the deletion on record waits for the end of
     * the paid period (it can still be withdrawn), not one under way.
     */
    public record Facts(boolean deletionPending, boolean deletionWaits, boolean trial, String status,
            boolean suspendedForBilling) {
    }

    /**
     * What charging the next period came to; {@code deletionPending}: unpaid and being deleted (read under the
     * service's row lock, so a deletion asked for meanwhile is either seen here or tells the wait that follows).
     */
    public record Charged(boolean paid, boolean suspendedForBilling, Date autoDeletionAt, boolean deletionPending) {

        public Charged(boolean paid, boolean suspendedForBilling, Date autoDeletionAt) {
            this(paid, suspendedForBilling, autoDeletionAt, false);
        }
    }

    /**
     * The client prolongs its service by a period; 422 when the balance does not cover it. A service whose
     * prolongation waits for money, or for the day its BILLING suspension may happen, is prolonged by that process,
     * for the period asked for.
     */
    @Transactional
    public void requestProlongation(long serviceId, Period period) {
        requestProlongation(serviceId, period, null);
    }

    /**
     * {@link #requestProlongation(long, Period)} under the client's Idempotency-Key (null: none): the same request
     * sent again does nothing and answers false.
     *
     * @throws ConflictException when the key was used for a different request
     */
    @Transactional
    public boolean requestProlongation(long serviceId, Period period, String idempotencyKey) {
        return requestProlongation(serviceId, period, idempotencyKey, null);
    }

    /**
     * {@link #requestProlongation(long, Period, String)} at the price the client was shown ({@code shownAmount},
     * null: any): when it costs another amount now (an admin changed the tariff's prices since the page was shown,
     * or a day passed on a service paid until a day gone), nothing starts and a {@link ConflictException} says the
     * new amount.
     */
    @Transactional
    public boolean requestProlongation(long serviceId, Period period, String idempotencyKey,
            BigDecimal shownAmount) {
        // under the row lock a deletion takes when it is asked for: one accepted before is seen here
        ServiceInstance service = services.findForUpdate(serviceId)
                .orElseThrow(() -> new NotFoundException("service", serviceId));
        String request = serviceId + "|" + period;
        if (idempotencyKey != null && requestKeys.madeBefore(service.getClientId(), idempotencyKey, PROLONG_REQUEST,
                request).isPresent()) {
            return false;
        }
        TariffTerms tariff = catalog.tariff(service.getTariffId()).orElseThrow();
        if (period == Period.TRIAL || period == Period.ONE_TIME || !tariff.prices().containsKey(period)) {
            throw new InvalidInputException("period", "the tariff cannot be prolonged for " + period);
        }
        if (!EnumSet.of(ServiceStatus.ACTIVE, ServiceStatus.SUSPENDED).contains(service.getStatus())) {
            throw new ConflictException("service " + serviceId + " is " + service.getStatus());
        }
        // the ProlongationDecision table answers the request before anything starts (a deletion on record, as
        // shipped): the process would decide by the same table and leave the service alone
        refusal(service).ifPresent(reason -> {
            throw new ConflictException("service " + serviceId + " cannot be prolonged: " + reason);
        });
        if (service.getPeriod() == Period.ONE_TIME) {
            // its charge covers it for good: a prolongation would charge a period it already has
            throw new ConflictException("service " + serviceId + " was bought once and never expires: there is"
                    + " nothing to prolong");
        }
        int periods = periodsUpToNow(service, period, tariff, clock.instant()).size();
        BigDecimal amount = priceOfPeriodAsked(tariff, period, service).multiply(BigDecimal.valueOf(periods));
        if (shownAmount != null && amount.compareTo(shownAmount) != 0) {
            throw new ConflictException("this prolongation now costs " + amount + ", not the " + shownAmount
                    + " shown: nothing was charged; look at its price again");
        }
        String what = periods == 1 ? "for " + period : "for " + periods + " × " + period + " (paid until "
                + service.getPaidUntil() + ": the " + (periods - 1) + " since then, which the service ran, and the"
                + " one asked for)";
        if (!billing.canAfford(service.getClientId(), service.getProviderId(), amount)) {
            throw new BusinessRuleException(BillingService.INSUFFICIENT_FUNDS,
                    "the balance does not cover " + amount + " " + what);
        }
        String claim = claim(serviceId);
        if (claim == null) {
            handToTheRunningProlongation(service, period, amount + " " + what);
        } else {
            Map<String, Object> variables = variables(serviceId, claim);
            variables.put(ServiceProlongationProcess.PERIOD, period.name());
            events.start(ServiceProlongationProcess.KEY, serviceId, variables);
        }
        if (idempotencyKey != null) {
            requestKeys.record(service.getClientId(), idempotencyKey, PROLONG_REQUEST, request, serviceId);
        }
        return true;
    }

    /**
     * What a client's prolongation for {@code period} charges now: the period's price, times the periods since a
     * paid-until that has passed (which the service ran) and the one asked for. 400 naming {@code period} when the
     * service cannot be prolonged for it.
     */
    @Transactional(readOnly = true)
    public BigDecimal amountAsked(long serviceId, Period period) {
        ServiceInstance service = service(serviceId);
        return amountAsked(service, catalog.tariff(service.getTariffId()).orElseThrow(), period);
    }

    /** A period a service can be prolonged for, with what the prolongation charges now ({@link #amountAsked}). */
    public record Offer(Period period, BigDecimal amount) {
    }

    /**
     * The periods the service can be prolonged for, with what each charges now: those its tariff sells, but a trial
     * or a one-time one, and not one its add-on values are not sold for (the request would be a 400 naming
     * {@code period}). What the console and the client area offer.
     */
    @Transactional(readOnly = true)
    public List<Offer> offers(long serviceId) {
        ServiceInstance service = service(serviceId);
        TariffTerms tariff = catalog.tariff(service.getTariffId()).orElseThrow();
        List<Offer> offers = new ArrayList<>();
        for (Period period : Period.values()) {
            if (period == Period.TRIAL || period == Period.ONE_TIME || !tariff.prices().containsKey(period)) {
                continue;
            }
            try {
                offers.add(new Offer(period, amountAsked(service, tariff, period)));
            } catch (InvalidInputException notSold) {
                // an add-on value of the service has no price for this period
            }
        }
        return offers;
    }

    private BigDecimal amountAsked(ServiceInstance service, TariffTerms tariff, Period period) {
        return priceOfPeriodAsked(tariff, period, service).multiply(BigDecimal.valueOf(periodsUpToNow(service, period,
                tariff, clock.instant()).size()));
    }

    /**
     * The price of the period the client asks for. The request names only the period: an add-on value the period is
     * not sold for is that period's problem (it was named {@code addons.ram}, a field the request never had).
     */
    private BigDecimal priceOfPeriodAsked(TariffTerms tariff, Period period, ServiceInstance service) {
        try {
            return billing.price(tariff.id(), period, service.getBillableAddons());
        } catch (InvalidInputException e) {
            throw new InvalidInputException("period", "the service cannot be prolonged for " + period + ": "
                    + e.errors().stream().map(p -> p.field() + " " + p.message()).collect(Collectors.joining("; ")));
        }
    }

    /**
     * The service's one prolongation is running. One that waits for money (the service suspended for BILLING), or
     * whose BILLING suspension waits for its day, takes the client's period: it charges it in this transaction, under
     * the account's lock, and resumes the service or leaves it running. Any other is at work on its own period: 409.
     * One an admin suspended in Cockpit hears nothing, and nothing is kept for it (the charge is the request's, its
     * 422 too): 409 saying an administrator holds it, sent again once it runs.
     */
    private void handToTheRunningProlongation(ServiceInstance service, Period period, String asked) {
        long serviceId = service.getId();
        String claim = jdbc.queryForObject("select prolongation_claim from " + SERVICE + " where id = ?",
                String.class, serviceId);
        Instant now = clock.instant();
        Instant paidUntil = service.getPaidUntil();
        int heard = claim == null ? 0 : events.prolongationRequested(serviceId, ServiceProlongationProcess.CLAIM,
                claim, Map.of(ServiceProlongationProcess.PERIOD, period.name()));
        if (heard == 0) {
            if (claim != null && events.suspendedProlongationWait(serviceId, ServiceProlongationProcess.CLAIM,
                    claim)) {
                // its wait hears nothing until an admin activates it, and the charge is this request's to make
                throw new ConflictException("service " + serviceId + ": its prolongation is held by an administrator"
                        + " (suspended in Cockpit); it can be prolonged once it runs again");
            }
            throw new ConflictException("service " + serviceId + " is being prolonged already");
        }
        if (Objects.equals(paidUntil, service.getPaidUntil()) || !service.getPaidUntil().isAfter(now)) {
            // another charge took the money since the look at the balance (all of it, or some of the periods behind):
            // the whole request rolls back, and the prolongation waits as before
            throw new BusinessRuleException(BillingService.INSUFFICIENT_FUNDS, "the balance does not cover " + asked);
        }
    }

    /**
     * A lane of the billing run: the services of the clients whose id modulo {@code of} is {@code number}. A client's
     * services share its account, which every charge locks until its batch commits, so lanes cut by client never
     * wait for (or deadlock on) each other's account locks.
     */
    public record Lane(int number, int of) {

        /** The whole run in one lane. */
        public static final Lane ALL = new Lane(0, 1);

        public Lane {
            if (of < 1 || number < 0 || number >= of) {
                throw new IllegalArgumentException("lane " + number + " of " + of);
            }
        }
    }

    /** {@link #startDueBatch(Lane, long, Instant, int, boolean, String)} over all due services, in one lane. */
    @Transactional
    public List<Long> startDueBatch(long afterId, Instant cutoff, int size, boolean isolated) {
        return startDueBatch(Lane.ALL, afterId, cutoff, size, isolated, null);
    }

    /**
     * One batch of a billing run's lane: the lane's services whose paid period ended by {@code cutoff} (after
     * {@code afterId}, in id order) and that no prolongation or pending deletion holds, each claimed and given its
     * prolongation. In the fast path the prolongations run in this transaction; {@code isolated} (the batch failed
     * before) gives each a job of its own, so one failing service is one incident naming it. Each prolongation
     * carries {@code billingRun} (the run's process instance id; null: none), which its first charge records. Answers
     * the ids looked at.
     */
    @Transactional
    public List<Long> startDueBatch(Lane lane, long afterId, Instant cutoff, int size, boolean isolated,
            String billingRun) {
        String dueAndFree = "paid_until <= ? and prolongation_claim is null and delete_at is null"
                + " and status in ('ACTIVE', 'SUSPENDED')";
        java.sql.Timestamp dueBy = java.sql.Timestamp.from(cutoff);
        List<Long> due = jdbc.queryForList("select id from " + SERVICE + " where id > ? and " + dueAndFree
                + " and client_id % ? = ? order by id limit ?", Long.class, afterId, dueBy, lane.of(), lane.number(),
                size);
        if (due.isEmpty()) {
            return due;
        }
        // one claim for the batch, written by one statement: each service's prolongation still gives back only its
        // own (release matches service and claim), and a service another claim holds is left out. The claim asks
        // again whether the service is due: a run on another node may have prolonged it (and given its claim back)
        // since the select above, and PostgreSQL evaluates these conditions on the row as that run committed it
        String claim = UUID.randomUUID().toString();
        String ids = due.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        jdbc.update("update " + SERVICE + " set prolongation_claim = ? where id in (" + ids + ") and " + dueAndFree,
                claim, dueBy);
        List<Long> claimed = jdbc.queryForList("select id from " + SERVICE + " where id in (" + ids + ")"
                + " and prolongation_claim = ? order by id", Long.class, claim);
        String definition = isolated || claimed.isEmpty() ? null
                : events.latestDefinition(ServiceProlongationProcess.KEY);
        for (long serviceId : claimed) {
            Map<String, Object> variables = variables(serviceId, claim);
            if (billingRun != null) {
                variables.put(ServiceProlongationProcess.BILLING_RUN, billingRun);
                if (isolated) {
                    variables.put(ServiceProlongationProcess.BILLING_RUN_RETRIED, true);
                }
            }
            if (isolated) {
                events.start(ServiceProlongationProcess.KEY, serviceId, variables);
            } else {
                events.startInlineOf(definition, serviceId, ServiceProlongationProcess.FIRST_STEP, variables);
                // the prolongation is written; without this the persistence context grows by every service of the
                // batch and each query's auto-flush dirty-checks all of them (quadratic in the batch size)
                entityManager.flush();
                entityManager.clear();
            }
        }
        return due;
    }

    @Transactional(readOnly = true)
    public Facts facts(long serviceId) {
        return facts(service(serviceId));
    }

    private Facts facts(ServiceInstance service) {
        Instant deleteAt = service.getDeleteAt();
        return new Facts(deleteAt != null, deleteAt != null && deleteAt.isAfter(clock.instant()),
                service.getPeriod() == Period.TRIAL, service.getStatus().name(),
                service.isSuspendedFor(SuspensionReason.BILLING));
    }

    /**
     * Why the ProlongationDecision table would refuse a client's or admin's request to prolong the service now; empty
     * when it would take it. The client area offers no prolongation then. A preview: the evaluation is not written to
     * the engine's history (a request's is, see {@link #requestProlongation}).
     */
    @Transactional(readOnly = true)
    public Optional<String> refusal(long serviceId) {
        return DecisionPreviews.withoutHistory(() -> refusal(service(serviceId)));
    }

    private Optional<String> refusal(ServiceInstance service) {
        ProlongationDecisions.Decision decision = decisions.decide(facts(service), true);
        if (!decision.refused()) {
            return Optional.empty();
        }
        String reason = decision.reason() == null || decision.reason().isBlank() ? "the prolongation rules say no"
                : decision.reason();
        return Optional.of(reason.replace("{id}", Long.toString(service.getId())));
    }

    /**
     * Charges the next period from the balance when it covers it and moves paid-until on. A service suspended for
     * BILLING starts its new period now (the unpaid days in between are not charged); any other from its paid-until.
     * The balance is read under the account's lock, so a payment is either covered here or delivered to the wait that
     * follows in this transaction. A deleted service, and one with a deletion on record that the ProlongationDecision
     * did not see ({@code deletionDecidedOn} false: recorded after the facts were read), is charged nothing and
     * answered as being deleted (read under the service's row lock, as the row was last committed). A deletion the
     * decision saw and charged anyway is the table's rule (an analyst may drop the rules that refuse). The charge
     * records {@code billingRun} (the run's process instance id; null: no run's), from which the run mails the client
     * its renewals.
     */
    @Transactional
    public Charged chargeNextPeriod(long serviceId, String requestedPeriod, boolean deletionDecidedOn,
            String billingRun) {
        ServiceInstance service = lockedAsCommitted(serviceId);
        boolean suspendedForBilling = service.isSuspendedFor(SuspensionReason.BILLING);
        if (service.isDeleted() || service.getDeleteAt() != null && !deletionDecidedOn) {
            // asked for after Task_ReadProlongationFacts read the service without its lock, or before a payment's
            // charge that came ahead of the deletion's announcement: it went on charging (from the facts' copy of
            // the service, or because only DELETED counted) and the deletion gave the unused days back. Nothing is
            // charged, and the process goes where a deletion the facts saw takes it
            return new Charged(false, suspendedForBilling, null, true);
        }
        if (service.getPeriod() == Period.TRIAL
                || requestedPeriod != null && !requestedPeriod.equals(service.getPeriod().name())) {
            // the service changes its period: a tariff change at this moment waits for this charge and then sees the
            // new period (it refuses to take that period's price away), or this charge for it and then prices it
            catalog.holdTariff(service.getTariffId());
        }
        TariffTerms tariff = catalog.tariff(service.getTariffId()).orElseThrow(
                () -> new IllegalStateException("service " + serviceId + " has unknown tariff " + service.getTariffId()));
        Period period = requestedPeriod != null ? Period.valueOf(requestedPeriod) : paidPeriod(service, tariff);
        if (requestedPeriod != null && !tariff.prices().containsKey(period)) {
            // the request checked the price, and an admin took it away before this charge: the client's prolongation
            // ends as one the balance did not cover (it used to fail here, an incident holding the claim for good)
            return new Charged(false, suspendedForBilling, autoDeletionAt(service), deletionPending(serviceId));
        }
        Instant now = clock.instant();
        BigDecimal price;
        try {
            price = billing.price(tariff.id(), period, service.getBillableAddons());
        } catch (InvalidInputException notSoldNow) {
            if (requestedPeriod == null) {
                throw notSoldNow;
            }
            // the request priced the add-on values for its period, and since then a parameter change accepted after
            // it (checked against the service's own period) or an admin's change of an add-on's prices left values
            // that period does not sell: it ends as a period whose price was taken away (an incident before)
            return new Charged(false, suspendedForBilling, autoDeletionAt(service), deletionPending(serviceId));
        }
        // a running service whose paid-until lies several periods back (the billing run was down, the demo clock
        // moved, its BILLING suspension waits out grace days) pays each period it ran, up to now: one period a run
        // left a DAY service behind for good. A client's request does the same in the period asked for, so the
        // service it paid for is paid past today (it was one period, from a paid-until still in the past, and the
        // next billing run charged or suspended it at once)
        for (PeriodToCharge due : periodsUpToNow(service, period, tariff, now)) {
            try {
                // the charge locks the account and answers INSUFFICIENT_FUNDS under that lock, which this
                // transaction keeps: one lock and one read of the balance, not a second look before the charge
                billing.charge(new ChargeRequest("prolong-" + serviceId + "-" + BillingCalendar.day(due.from()),
                        service.getClientId(), tariff.id(), serviceId, price, BillingCalendar.day(due.from()),
                        BillingCalendar.day(due.until()), tariff.name() + ", " + period + " (prolongation)",
                        billingRun));
            } catch (BusinessRuleException e) {
                if (!BillingService.INSUFFICIENT_FUNDS.equals(e.code())) {
                    throw e;
                }
                // the periods charged so far stay (the service ran in them); it is still due, so unpaid
                return new Charged(false, suspendedForBilling, autoDeletionAt(service), deletionPending(serviceId));
            }
            service.changePeriod(period, now);
            service.paidUntil(due.until(), due.billingDay(), now);
        }
        return new Charged(true, suspendedForBilling, null);
    }

    /**
     * The price of the service's next period, add-ons included: what its prolongation by the billing run charges
     * (a trial's, the period it goes on with); empty when it cannot be priced (the period or an add-on value is no
     * longer sold, the tariff is gone): its prolongation ends in an incident and charges nothing. Answered, not
     * thrown, so the caller's transaction is not marked for rollback.
     */
    @Transactional(readOnly = true)
    public Optional<BigDecimal> nextPeriodPrice(long serviceId) {
        ServiceInstance service = service(serviceId);
        try {
            TariffTerms tariff = catalog.tariff(service.getTariffId()).orElseThrow();
            return Optional.of(billing.price(tariff.id(), paidPeriod(service, tariff), service.getBillableAddons()));
        } catch (InvalidInputException | IllegalStateException | NoSuchElementException notSold) {
            return Optional.empty();
        }
    }

    /**
     * Where the next charge starts: paid-until; now for a service suspended for BILLING whose paid period ended (the
     * days it stood still are not charged) or one never paid.
     */
    private static Instant firstDay(ServiceInstance service, Instant now) {
        return service.getPaidUntil() == null
                || service.getPaidUntil().isBefore(now) && service.isSuspendedFor(SuspensionReason.BILLING)
                        ? now : service.getPaidUntil();
    }

    /** One period a prolongation charges: its days and the billing day its end follows. */
    private record PeriodToCharge(Instant from, Instant until, int billingDay) {
    }

    /**
     * The periods {@link #chargeNextPeriod} charges now: from {@link #firstDay} until one ends after now (at least
     * one, at most {@value #MOST_PERIODS_CAUGHT_UP}), each ending on the billing day the first one sets; a client's
     * request is priced with the same list.
     */
    private List<PeriodToCharge> periodsUpToNow(ServiceInstance service, Period period, TariffTerms tariff,
            Instant now) {
        List<PeriodToCharge> periods = new ArrayList<>();
        Instant from = firstDay(service, now);
        Integer billingDay = service.getBillingDay();
        do {
            int day = BillingCalendar.billingDay(BillingCalendar.day(from), billingDay);
            Instant until = billing.periodEnd(from, period, tariff.trialDays(), day).orElseThrow();
            periods.add(new PeriodToCharge(from, until, day));
            billingDay = day;
            from = until;
        } while (!from.isAfter(now) && periods.size() < MOST_PERIODS_CAUGHT_UP);
        return periods;
    }

    /** Whether the balance covers the service's next period now; read under the account's lock (see above). */
    @Transactional
    public boolean coversNextPeriod(long serviceId) {
        ServiceInstance service = service(serviceId);
        TariffTerms tariff = catalog.tariff(service.getTariffId()).orElseThrow();
        BigDecimal price = billing.price(tariff.id(), paidPeriod(service, tariff), service.getBillableAddons());
        return billing.lockedBalance(service.getClientId(), service.getProviderId()).compareTo(price) >= 0;
    }

    /** Whether the service is paid past today: nothing of it is due, so nothing suspends it for BILLING. */
    public boolean paidPastToday(long serviceId) {
        return BillingCalendar.paidPastToday(service(serviceId).getPaidUntil(), clock.instant());
    }

    /**
     * Whether a deletion of the service is on record, read under its row lock: a deletion takes that lock when it is
     * asked for and tells the service's waits in the same transaction, so the process that is about to wait either
     * sees it here or is told when its wait has begun.
     */
    private boolean deletionPending(long serviceId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select delete_at is not null or status = 'DELETED' from "
                + SERVICE + " where id = ? for update", Boolean.class, serviceId));
    }

    /** The prolongation ended however it ended: the service may be prolonged again. */
    @Transactional
    public void release(long serviceId, String claim) {
        jdbc.update("update " + SERVICE + " set prolongation_claim = null where id = ? and prolongation_claim = ?",
                serviceId, claim);
    }

    /** When a service suspended for BILLING is deleted: its product type's auto-deletion days after the suspension. */
    private Date autoDeletionAt(ServiceInstance service) {
        Instant since = service.getSuspensions().get(SuspensionReason.BILLING);
        return catalog.productType(service.getProductType()).flatMap(rules -> rules.autoDeletionAt(since))
                .map(Date::from).orElse(null);
    }

    /** Claims the service's one prolongation; null when another holds it. */
    private String claim(long serviceId) {
        String claim = UUID.randomUUID().toString();
        int claimed = jdbc.update("update " + SERVICE + " set prolongation_claim = ? where id = ?"
                + " and prolongation_claim is null", claim, serviceId);
        return claimed == 1 ? claim : null;
    }

    private static Map<String, Object> variables(long serviceId, String claim) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(ServiceProlongationProcess.SERVICE_ID, serviceId);
        variables.put(ServiceProlongationProcess.CLAIM, claim);
        return variables;
    }

    private static Period paidPeriod(ServiceInstance service, TariffTerms tariff) {
        if (service.getPeriod() != Period.TRIAL) {
            return service.getPeriod();
        }
        return tariff.periodAfterTrial()
                .orElseThrow(() -> new IllegalStateException("tariff " + tariff.id() + " has no paid period"));
    }

    /**
     * The service, its row locked until the transaction ends and read as last committed: a copy this transaction read
     * before (its prolongation's facts) is read again under the lock, once what this transaction changed of it is
     * written (checked against the row's version, as at the commit). Locking the old copy failed on its version, and
     * a refresh asking for the lock read the row first and locked it by a second select (Hibernate's follow-on
     * locking for the service's collections, a WARN each time).
     */
    private ServiceInstance lockedAsCommitted(long serviceId) {
        Optional<ServiceInstance> copy = RememberedEntities.remembered(entityManager, ServiceInstance.class,
                serviceId);
        if (copy.isEmpty()) {
            return services.findForUpdate(serviceId).orElseThrow(() -> new NotFoundException("service", serviceId));
        }
        entityManager.flush();
        jdbc.queryForList("select id from " + SERVICE + " where id = ? for update", Long.class, serviceId);
        entityManager.refresh(copy.get());
        return copy.get();
    }

    private ServiceInstance service(long serviceId) {
        return services.findById(serviceId).orElseThrow(() -> new NotFoundException("service", serviceId));
    }
}
