package com.hostflow.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProductTypeRules;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.common.database.AfterCommit;
import com.hostflow.common.web.BusinessRuleException;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.FieldProblem;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.InvalidInputException;

/**
 * What the lifecycle asks billing: prices, period ends, whether a client can pay, and the money movements (charge,
 * credit, prorated parameter change, refund on deletion). Every movement is idempotent on a caller-given key, so a
 * retried BPMN task never moves money twice, and runs under the account's row lock.
 *
 * <p>Days are UTC calendar days and periods are half-open {@code [from, to)}; see {@link BillingCalendar}. Amounts
 * are rounded by {@link Money} (scale 2, HALF_UP).
 */
@Service
public class BillingService {

    /** Code of the 422 answered when a balance does not cover a charge. */
    public static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";

    private static final Logger log = LoggerFactory.getLogger(BillingService.class);

    private final CatalogLookup catalog;
    private final AccountLedger ledger;
    private final AccountRepository accounts;
    private final ChargeRepository charges;
    private final ExpenseRepository expenses;
    private final CreditRepository credits;
    private final BillingSettings settings;
    private final ApplicationEventPublisher events;
    private final HeldChangeCredits heldCredits;

    BillingService(CatalogLookup catalog, AccountLedger ledger, AccountRepository accounts, ChargeRepository charges,
            ExpenseRepository expenses, CreditRepository credits, BillingSettings settings,
            ApplicationEventPublisher events, HeldChangeCredits heldCredits) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.accounts = accounts;
        this.charges = charges;
        this.expenses = expenses;
        this.credits = credits;
        this.settings = settings;
        this.events = events;
        this.heldCredits = heldCredits;
    }

    /** The outcome of {@link #charge}: {@code repeated} when the key was charged before (nothing charged now). */
    public record ChargeReceipt(long chargeId, String key, BigDecimal amount, LocalDate from, LocalDate to,
            boolean repeated) {

        static ChargeReceipt of(Charge charge, boolean repeated) {
            return new ChargeReceipt(charge.getId(), charge.getChargeKey(), charge.getAmount(),
                    charge.getPeriodFrom(), charge.getPeriodTo(), repeated);
        }
    }

    /** The outcome of {@link #credit}: {@code repeated} when the key was credited before (nothing credited now). */
    public record CreditReceipt(long creditId, String key, BigDecimal amount, boolean repeated) {

        static CreditReceipt of(Credit credit, boolean repeated) {
            return new CreditReceipt(credit.getId(), credit.getCreditKey(), credit.getAmount(), repeated);
        }
    }

    // ---- prices and periods -------------------------------------------------------------------------------------

    /**
     * The price of one period of the tariff with the add-on values (missing add-ons take their included value).
     *
     * @throws InvalidInputException naming {@code tariffId}, {@code period} or {@code addons.<resource>}
     */
    public BigDecimal price(long tariffId, Period period, Map<String, Long> addons) {
        return Prices.price(tariff(tariffId), period, addons);
    }

    /** Problems of add-on values (unknown resource, out of min..max, off the step grid), named {@code addons.x}. */
    public List<FieldProblem> addonProblems(long tariffId, Map<String, Long> addons) {
        return Prices.addonProblems(tariff(tariffId), addons);
    }

    /** End (exclusive) of a period starting on {@code start}; empty for ONE_TIME. See {@link BillingCalendar}. */
    public Optional<LocalDate> periodEnd(LocalDate start, Period period, int trialDays) {
        return BillingCalendar.periodEnd(start, period, trialDays);
    }

    /** Same time of day (UTC) on the end date; empty for ONE_TIME. */
    public Optional<Instant> periodEnd(Instant start, Period period, int trialDays) {
        return BillingCalendar.periodEnd(start, period, trialDays);
    }

    /** Same time of day (UTC) on the end date, the month chain kept on {@code billingDay}; empty for ONE_TIME. */
    public Optional<Instant> periodEnd(Instant start, Period period, int trialDays, Integer billingDay) {
        return BillingCalendar.periodEnd(start, period, trialDays, billingDay);
    }

    /** One paid period of a service: {@code [from, to)}, charged as one {@code period} of its tariff. */
    public record PaidPeriod(Period period, LocalDate from, LocalDate to) {
    }

    /**
     * The service's paid periods that end after {@code day}, oldest first, as its order and prolongation charges
     * booked them, each with the period its dates span ({@link BillingCalendar#periodBetween}): a client may have
     * prolonged a MONTH service by a QUARTER. Empty when no such charge is on record.
     */
    @Transactional(readOnly = true)
    public List<PaidPeriod> paidPeriods(long serviceId, LocalDate day, int trialDays, Integer billingDay) {
        return charges.findPeriodsEndingAfter(serviceId, day).stream()
                .filter(c -> c.getChargeKey().startsWith("order-") || c.getChargeKey().startsWith("prolong-"))
                .filter(c -> c.getPeriodFrom() != null)
                .flatMap(c -> BillingCalendar.periodBetween(c.getPeriodFrom(), c.getPeriodTo(), trialDays, billingDay)
                        .map(period -> new PaidPeriod(period, c.getPeriodFrom(), c.getPeriodTo())).stream())
                .toList();
    }

    /**
     * The prorated difference of a parameter change on {@code changeDay} over the paid periods not over by then:
     * the period the change falls in (new − old price of that period) × remaining days / days of the period, see
     * {@link Proration}; each later paid period the whole difference of its own period's prices. Positive: to
     * charge; negative: to credit. Without paid periods ({@code ONE_TIME}) the whole difference for
     * {@code period}; TRIAL costs nothing.
     */
    public BigDecimal prorationAmount(long clientId, long serviceId, long tariffId, Period period,
            Map<String, Long> oldAddons, Map<String, Long> newAddons, List<PaidPeriod> paid, LocalDate changeDay) {
        TariffTerms tariff = tariff(tariffId);
        if (paid.isEmpty()) {
            return Money.round(Prices.price(tariff, period, newAddons).subtract(Prices.price(tariff, period,
                    oldAddons)));
        }
        BigDecimal amount = Money.ZERO;
        for (ChangePart part : changeParts(clientId, serviceId, tariff, oldAddons, newAddons, paid, changeDay)) {
            amount = amount.add(part.amount());
        }
        return amount;
    }

    /** What a parameter change moves for one paid period: {@code [from, to)}, positive charged, negative credited. */
    private record ChangePart(LocalDate from, LocalDate to, BigDecimal amount) {
    }

    /**
     * The change's difference per paid period not over on {@code changeDay}, as {@link #prorationAmount} adds it. A
     * credit is priced at the tariff's current prices like a charge, but never gives back more than the unused part
     * of what the period was charged for its add-ons ({@link #unusedAddonMoney}): an add-on whose price was raised
     * after the client paid credited the new price (RAM paid 4.00, step price raised fivefold, lowered on the first
     * day: 20.00 credited for 4.00 paid, helper-72's billing probe).
     */
    private List<ChangePart> changeParts(long clientId, long serviceId, TariffTerms tariff,
            Map<String, Long> oldAddons, Map<String, Long> newAddons, List<PaidPeriod> paid, LocalDate changeDay) {
        List<ChangePart> parts = new ArrayList<>();
        List<Charge> serviceCharges = null;
        List<Credit> serviceCredits = null;
        for (PaidPeriod each : paid) {
            if (!each.to().isAfter(changeDay)) {
                continue;
            }
            BigDecimal oldPrice = Prices.price(tariff, each.period(), oldAddons);
            BigDecimal newPrice = Prices.price(tariff, each.period(), newAddons);
            // clipped to the period the change falls in, three months paid ahead cost the difference of one
            // (fourth race probe); priced as the service's current period, a month prolonged by a quarter was
            // prorated as a quarter (README walk)
            LocalDate from = each.from().isAfter(changeDay) ? each.from() : changeDay;
            BigDecimal amount = each.from().isAfter(changeDay)
                    ? newPrice.subtract(oldPrice)
                    : Proration.changeAmount(oldPrice, newPrice, each.from(), each.to(), changeDay);
            if (amount.signum() < 0) {
                if (serviceCharges == null) {
                    serviceCharges = charges.findByServiceIdOrderById(serviceId).stream()
                            .filter(c -> c.getClientId() == clientId).toList();
                    serviceCredits = credits.findByServiceIdOrderById(serviceId).stream()
                            .filter(c -> c.getClientId() == clientId).toList();
                }
                // compared before rounding: at the prices the client paid the credit never exceeds what is unused,
                // so only a price raised since then is capped, and an ordinary decrease credits as it always did
                BigDecimal credit = Proration.unusedShare(oldPrice.subtract(newPrice), each.from(), each.to(), from);
                BigDecimal unused = unusedAddonMoney(tariff, each, from, serviceCharges, serviceCredits);
                if (credit.compareTo(unused) > 0) {
                    amount = unused.setScale(Money.SCALE, RoundingMode.DOWN).negate();
                }
            }
            parts.add(new ChangePart(from, each.to(), amount));
        }
        return parts;
    }

    /**
     * What the client paid for the add-ons of the paid period {@code paid} and has not used by {@code day} (that day
     * counted as unused, as a change counts it), not rounded and at least 0: the add-on part of the
     * period's order or prolongation charge (its amount less the tariff's price of the period), plus the parameter
     * changes charged for the period, less those credited, each for its days from {@code day} on. A change given
     * back whole by its undo counts neither way.
     */
    private static BigDecimal unusedAddonMoney(TariffTerms tariff, PaidPeriod paid, LocalDate day,
            List<Charge> serviceCharges, List<Credit> serviceCredits) {
        Set<String> keys = new HashSet<>();
        serviceCharges.forEach(c -> keys.add(c.getChargeKey()));
        serviceCredits.forEach(c -> keys.add(c.getCreditKey()));
        Predicate<String> counts = k -> !keys.contains(reversalKey(changeOf(k)))
                && !(k.startsWith(reversalKey("")) && keys.contains(k.substring(reversalKey("").length())));
        BigDecimal unused = BigDecimal.ZERO;
        for (Charge c : serviceCharges) {
            if (!within(paid, c.getPeriodFrom(), c.getPeriodTo()) || !counts.test(c.getChargeKey())) {
                continue;
            }
            BigDecimal amount = c.getAmount();
            if (c.getChargeKey().startsWith("order-") || c.getChargeKey().startsWith("prolong-")) {
                BigDecimal base = tariff.prices().getOrDefault(paid.period(), BigDecimal.ZERO);
                amount = amount.subtract(base).max(BigDecimal.ZERO);
            }
            unused = unused.add(Proration.unusedShare(amount, c.getPeriodFrom(), c.getPeriodTo(), day));
        }
        for (Credit c : serviceCredits) {
            if (within(paid, c.getPeriodFrom(), c.getPeriodTo()) && counts.test(c.getCreditKey())) {
                unused = unused.subtract(Proration.unusedShare(c.getAmount(), c.getPeriodFrom(), c.getPeriodTo(),
                        day));
            }
        }
        return unused.max(BigDecimal.ZERO);
    }

    /** Whether a movement for {@code [from, to)} belongs to the paid period (lies inside it). */
    private static boolean within(PaidPeriod paid, LocalDate from, LocalDate to) {
        return from != null && to != null && to.isAfter(from) && !from.isBefore(paid.from())
                && !to.isAfter(paid.to());
    }

    // ---- balances -----------------------------------------------------------------------------------------------

    /** The balance of the client at the provider; 0.00 when the client has no account there yet. */
    @Transactional(readOnly = true)
    public BigDecimal balance(long clientId, long providerId) {
        return accounts.findByClientIdAndProviderId(clientId, providerId).map(Account::getBalance).orElse(Money.ZERO);
    }

    /**
     * The balance at the provider, with the account locked until the caller's transaction ends: a payment for the
     * client waits for that transaction, so what the caller decides on this balance (e.g. to wait for money) is never
     * overtaken by a payment it did not see.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public BigDecimal lockedBalance(long clientId, long providerId) {
        return ledger.lock(clientId, providerId).getBalance();
    }

    /** Whether the balance at the provider covers {@code amount} now (a later charge may still find it spent). */
    @Transactional(readOnly = true)
    public boolean canAfford(long clientId, long providerId, BigDecimal amount) {
        return balance(clientId, providerId).compareTo(amount) >= 0;
    }

    // ---- money movements ----------------------------------------------------------------------------------------

    /**
     * Charges the client's account at the tariff's provider and records the expense — per calendar month when the
     * product type splits expenses by month. All or nothing: when the balance does not cover the amount nothing is
     * written and a {@link BusinessRuleException} with code {@value #INSUFFICIENT_FUNDS} (422) is thrown; it does not
     * mark the caller's transaction rollback-only, so the caller may catch it and carry on (e.g. wait for a payment).
     * A repeated key returns the first charge with {@code repeated = true}.
     *
     * @throws InvalidInputException for an unknown tariff, a negative amount or an empty period
     * @throws ConflictException     when the key was used for another client
     */
    @Transactional(noRollbackFor = BusinessRuleException.class)
    public ChargeReceipt charge(ChargeRequest request) {
        validate(request);
        TariffTerms tariff = tariff(request.tariffId());
        Account account = ledger.lock(request.clientId(), tariff.providerId());
        Optional<Charge> known = charges.findByChargeKey(request.key());
        if (known.isPresent()) {
            requireSameClient(known.get().getClientId(), request.clientId(), "charge", request.key());
            return ChargeReceipt.of(known.get(), true);
        }
        BigDecimal amount = Money.round(request.amount());
        if (account.getBalance().compareTo(amount) < 0) {
            throw new BusinessRuleException(INSUFFICIENT_FUNDS, "the balance of " + account.getBalance() + " "
                    + account.getCurrency() + " does not cover " + amount + " " + account.getCurrency());
        }
        account.subtract(amount);
        Charge charge = charges.save(new Charge(request.key(), account, request.serviceId(), amount, request.from(),
                request.to(), request.description(), ledger.now(), request.billingRun()));
        bookExpenses(charge, splitsByMonth(tariff));
        // debug: a billing run charges every due service (100,000 lines a night); the charge table is the record
        log.debug("charged {} {} to client {} for service {} ({})", amount, account.getCurrency(),
                request.clientId(), request.serviceId(), request.key());
        return ChargeReceipt.of(charge, false);
    }

    /**
     * Moves the period a charge pays for, keeping its amount: a service whose set-up took days gets its full period
     * from the day it became ACTIVE. The expense lines follow the new days (split by month again where the product
     * type splits). Nothing happens when the period does not change or the key is unknown.
     */
    @Transactional
    public void movePeriod(String chargeKey, long tariffId, LocalDate from, LocalDate to) {
        charges.findByChargeKey(chargeKey).ifPresent(charge -> {
            if (from.equals(charge.getPeriodFrom()) && java.util.Objects.equals(to, charge.getPeriodTo())) {
                return;
            }
            charge.movePeriod(from, to);
            expenses.deleteByChargeId(charge.getId());
            expenses.flush();
            bookExpenses(charge, splitsByMonth(tariff(tariffId)));
        });
    }

    /**
     * Credits money back to the client's account at the provider and publishes {@link BalanceCredited}. A repeated
     * key returns the first credit.
     *
     * @throws ConflictException when the key was used for another client
     */
    @Transactional
    public CreditReceipt credit(CreditRequest request) {
        new FieldProblems()
                .addIf(request.key() == null || request.key().isBlank(), "key", "must not be blank")
                .addIf(request.kind() == null, "kind", "must not be null")
                .addIf(request.amount() == null || request.amount().signum() <= 0, "amount", "must be greater than 0")
                .addIf(request.amount() != null && !Money.hasCents(request.amount()), "amount",
                        "must have at most 2 decimals")
                .addIf(request.description() == null || request.description().isBlank(), "description",
                        "must not be blank")
                .throwIfAny();
        Account account = ledger.lock(request.clientId(), request.providerId());
        Optional<Credit> known = credits.findByCreditKey(request.key());
        if (known.isPresent()) {
            requireSameClient(known.get().getClientId(), request.clientId(), "credit", request.key());
            return CreditReceipt.of(known.get(), true);
        }
        account.add(request.amount());
        Credit credit = credits.save(new Credit(request.key(), account, request.serviceId(), request.kind(),
                Money.round(request.amount()), request.from(), request.to(), request.description(), ledger.now()));
        String currency = account.getCurrency();
        // said once it committed: a refund of a cancellation that loses its race is rolled back with it
        AfterCommit.run(() -> log.info("credited {} {} to client {} ({}, {})", credit.getAmount(), currency,
                request.clientId(), request.kind(), request.key()));
        events.publishEvent(new BalanceCredited(request.clientId(), request.providerId(), credit.getId(),
                credit.getAmount()));
        return CreditReceipt.of(credit, false);
    }

    /**
     * Charges or credits the prorated difference of a parameter change (see {@link #prorationAmount}), one movement
     * per paid period for its days from {@code changeDay} on: the first under the key, each later one under its
     * {@link #partKey}. Charges are booked now; credits are held until the module has applied the change
     * ({@link #bookHeldCredits}, or {@link #dropHeldCredits} when it could not): a decrease credited at once could be
     * spent before the module refused it, and then not be taken back. Returns the amount: positive charged, negative
     * to be credited, zero when nothing moves. Sent again under the key, it moves nothing again.
     *
     * @throws BusinessRuleException {@value #INSUFFICIENT_FUNDS} when the balance does not cover what is charged
     */
    @Transactional(noRollbackFor = BusinessRuleException.class)
    public BigDecimal changeParameters(String key, long clientId, long tariffId, long serviceId, Period period,
            Map<String, Long> oldAddons, Map<String, Long> newAddons, List<PaidPeriod> paid, LocalDate changeDay) {
        TariffTerms tariff = tariff(tariffId);
        String description = parameterChange(oldAddons, newAddons);
        if (paid.isEmpty()) {
            BigDecimal amount = prorationAmount(clientId, serviceId, tariffId, period, oldAddons, newAddons, paid,
                    changeDay);
            move(key, clientId, tariff, serviceId, amount, changeDay, null, description);
            return amount;
        }
        // one movement per paid period, each for its own days: a refund of unused days gives back each period's
        // part as that period priced it (spread over all the periods, a change of a service paid ahead came back
        // 0.44 too much for the last of three months, MoneyRaceProbeTest)
        List<ChangePart> parts = changeParts(clientId, serviceId, tariff, oldAddons, newAddons, paid, changeDay);
        BigDecimal amount = parts.stream().map(ChangePart::amount).reduce(Money.ZERO, BigDecimal::add);
        BigDecimal charged = parts.stream().map(ChangePart::amount).filter(a -> a.signum() > 0)
                .reduce(Money.ZERO, BigDecimal::add);
        boolean movedBefore = charges.findByChargeKey(key).isPresent() || credits.findByCreditKey(key).isPresent()
                || heldCredits.holds(key);
        if (charged.signum() > 0 && !movedBefore) {
            // all or nothing, and the 422 names what the change charges now, not one of its parts (its credits come
            // only once the module has applied it)
            Account account = ledger.lock(clientId, tariff.providerId());
            if (account.getBalance().compareTo(charged) < 0) {
                throw new BusinessRuleException(INSUFFICIENT_FUNDS, "the balance of " + account.getBalance() + " "
                        + account.getCurrency() + " does not cover " + charged + " " + account.getCurrency());
            }
        }
        // credits first, so the first key is the same as before credits were held
        parts.sort(Comparator.comparing(part -> part.amount().signum()));
        boolean first = true;
        for (ChangePart part : parts) {
            if (part.amount().signum() == 0) {
                continue;
            }
            move(first ? key : partKey(key, part.from()), clientId, tariff, serviceId, part.amount(), part.from(),
                    part.to(), description);
            first = false;
        }
        return amount;
    }

    /** Charges a positive amount, holds a negative one as a proration credit, moves nothing for zero. */
    private void move(String key, long clientId, TariffTerms tariff, long serviceId, BigDecimal amount,
            LocalDate from, LocalDate to, String description) {
        if (amount.signum() > 0) {
            charge(new ChargeRequest(key, clientId, tariff.id(), serviceId, amount, from, to, description));
        } else if (amount.signum() < 0) {
            heldCredits.hold(changeOf(key), new CreditRequest(key, clientId, tariff.providerId(), serviceId,
                    CreditKind.PRORATION, amount.negate(), from, to, description));
        }
    }

    /**
     * The module applied the parameter change {@code changeKey}: the credits {@link #changeParameters} held for it
     * are booked (each under its own key, once). Returns their sum, zero when none were held.
     */
    @Transactional
    public BigDecimal bookHeldCredits(String changeKey) {
        List<CreditRequest> held = heldCredits.takeForBooking(changeKey);
        held.forEach(this::credit);
        return HeldChangeCredits.sum(held);
    }

    /**
     * The parameter change {@code changeKey} was not applied: the credits held for it are dropped, never booked.
     * Returns the sum of all it dropped (the same when asked again), zero when none were held (also for a change
     * asked for before credits were held, whose credits were booked at once).
     */
    @Transactional
    public BigDecimal dropHeldCredits(String changeKey) {
        return heldCredits.drop(changeKey);
    }

    /** The key of a parameter change's movement for the paid period from {@code from}, after its first. */
    static String partKey(String changeKey, LocalDate from) {
        return changeKey + "@" + from;
    }

    /** The change a movement's key belongs to: the key itself, or the change whose {@link #partKey} it is. */
    static String changeOf(String key) {
        int at = key.indexOf('@');
        return at < 0 ? key : key.substring(0, at);
    }

    /**
     * What a client reads of a parameter change in its expenses and credits: the values that change, e.g.
     * {@code Parameter change ram 2048 → 4096}, resources in the order of {@code newAddons} (the tariff's). An undone
     * change was shown by its money key alone ({@code Parameter change param-11-… undone}), a booked one as two maps.
     */
    public static String parameterChange(Map<String, Long> oldAddons, Map<String, Long> newAddons) {
        StringJoiner changed = new StringJoiner(", ", "Parameter change ", "").setEmptyValue("Parameter change");
        newAddons.forEach((resource, value) -> {
            Long old = oldAddons.get(resource);
            if (!value.equals(old)) {
                changed.add(resource + " " + (old == null ? "–" : old) + " → " + value);
            }
        });
        // a description column holds 500 characters, and the words after it come too
        String text = changed.toString();
        return text.length() > 400 ? text.substring(0, 399) + "…" : text;
    }

    /**
     * The key of the movement that gives the movement {@code key} back whole, the other way (a charge by a credit, a
     * credit by a charge): a parameter change the module could not apply. A refund on deletion leaves both out.
     */
    public static String reversalKey(String key) {
        return "revert-" + key;
    }

    /** {@link #refundUnused(String, long, long, String, LocalDate, Set)} with no movement about to be given back. */
    @Transactional
    public BigDecimal refundUnused(String key, long clientId, long serviceId, String productType,
            LocalDate deletionDay) {
        return refundUnused(key, clientId, serviceId, productType, deletionDay, Set.of());
    }

    /**
     * Gives back the unused part of a service deleted on {@code deletionDay}, by the refund policy of its product
     * type ({@link BillingSettings}): with {@link RefundPolicy#UNUSED_WHOLE_DAYS} every charge of the service returns
     * its unused whole days (the deletion day counts as used; periods not started come back whole), less the unused
     * days of proration credits the client already got and less what was refunded for the service before (e.g. for
     * a failed setup). Returns what was credited (0.00 when nothing).
     *
     * <p>A movement given back whole by its reversal ({@link #reversalKey}) counts neither way, and neither do the
     * movements of {@code reversedLater}: those of a parameter change still in progress, whose own undo gives them
     * back whole once the module cannot apply the change on the deleted service. Otherwise the money of a change
     * the module never applied came back twice: as unused days here and whole by its undo.
     */
    @Transactional
    public BigDecimal refundUnused(String key, long clientId, long serviceId, String productType,
            LocalDate deletionDay, Set<String> reversedLater) {
        Optional<Credit> known = credits.findByCreditKey(key);
        if (known.isPresent()) {
            requireSameClient(known.get().getClientId(), clientId, "credit", key);
            return known.get().getAmount();
        }
        if (settings.refundPolicyFor(productType) == RefundPolicy.NONE) {
            return Money.ZERO;
        }
        List<Charge> allCharges = charges.findByServiceIdOrderById(serviceId);
        List<Credit> allCredits = credits.findByServiceIdOrderById(serviceId);
        Set<String> keys = new HashSet<>();
        allCharges.forEach(c -> keys.add(c.getChargeKey()));
        allCredits.forEach(c -> keys.add(c.getCreditKey()));
        // a change's parts go with the change: left out while it is in progress, and when it was undone
        Predicate<String> counts = k -> !reversedLater.contains(changeOf(k))
                && !keys.contains(reversalKey(changeOf(k)));
        List<Charge> serviceCharges = allCharges.stream()
                .filter(c -> c.getClientId() == clientId && c.getPeriodTo() != null && counts.test(c.getChargeKey()))
                .toList();
        if (serviceCharges.isEmpty()) {
            return Money.ZERO;
        }
        BigDecimal unused = BigDecimal.ZERO;
        LocalDate paidUntil = deletionDay;
        for (Charge c : serviceCharges) {
            unused = unused.add(Proration.unusedWholeDays(c.getAmount(), c.getPeriodFrom(), c.getPeriodTo(),
                    deletionDay));
            paidUntil = c.getPeriodTo().isAfter(paidUntil) ? c.getPeriodTo() : paidUntil;
        }
        for (Credit c : allCredits) {
            if (c.getClientId() != clientId || !counts.test(c.getCreditKey())) {
                continue;
            }
            if (c.getKind() == CreditKind.PRORATION && c.getPeriodFrom() != null && c.getPeriodTo() != null) {
                unused = unused.subtract(Proration.unusedWholeDays(c.getAmount(), c.getPeriodFrom(),
                        c.getPeriodTo(), deletionDay));
            } else if (c.getKind() == CreditKind.REFUND) {
                unused = unused.subtract(c.getAmount());
            }
        }
        if (unused.signum() <= 0) {
            return Money.ZERO;
        }
        long providerId = accounts.findById(serviceCharges.get(serviceCharges.size() - 1).getAccountId())
                .orElseThrow().getProviderId();
        return credit(new CreditRequest(key, clientId, providerId, serviceId, CreditKind.REFUND, unused,
                deletionDay.plusDays(1), paidUntil, "Refund of unused days of service " + serviceId)).amount();
    }

    private void bookExpenses(Charge charge, boolean splitByMonth) {
        if (splitByMonth && charge.getPeriodTo() != null) {
            for (ExpenseSplit.Part part : ExpenseSplit.byMonth(charge.getAmount(), charge.getPeriodFrom(),
                    charge.getPeriodTo())) {
                expenses.save(new Expense(charge, part.amount(), part.from(), part.to()));
            }
        } else {
            expenses.save(new Expense(charge, charge.getAmount(), charge.getPeriodFrom(), charge.getPeriodTo()));
        }
    }

    private boolean splitsByMonth(TariffTerms tariff) {
        return catalog.productType(tariff.productType()).map(ProductTypeRules::splitExpensesByMonth).orElse(false);
    }

    private TariffTerms tariff(long tariffId) {
        return catalog.tariff(tariffId)
                .orElseThrow(() -> new InvalidInputException("tariffId", "unknown tariff " + tariffId));
    }

    private static void validate(ChargeRequest request) {
        new FieldProblems()
                .addIf(request.key() == null || request.key().isBlank(), "key", "must not be blank")
                .addIf(request.amount() == null || request.amount().signum() < 0, "amount", "must not be negative")
                .addIf(request.amount() != null && !Money.hasCents(request.amount()), "amount",
                        "must have at most 2 decimals")
                .addIf(request.from() == null, "from", "must not be null")
                .addIf(request.from() != null && request.to() != null && !request.to().isAfter(request.from()),
                        "to", "must be after from")
                .addIf(request.description() == null || request.description().isBlank(), "description",
                        "must not be blank")
                .throwIfAny();
    }

    private static void requireSameClient(long owner, long clientId, String what, String key) {
        if (owner != clientId) {
            throw new ConflictException(what + " key " + key + " belongs to another client");
        }
    }
}
