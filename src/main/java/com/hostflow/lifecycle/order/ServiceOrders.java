package com.hostflow.lifecycle.order;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.billing.BillingCalendar;
import com.hostflow.billing.BillingService;
import com.hostflow.billing.ChargeRequest;
import com.hostflow.billing.CreditKind;
import com.hostflow.billing.CreditRequest;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProductTypeRules;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.clients.ClientAccess;
import com.hostflow.clients.ClientService;
import com.hostflow.common.database.AfterCommit;
import com.hostflow.common.web.BusinessRuleException;
import com.hostflow.common.web.DomainName;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.ConflictException;
import com.hostflow.common.web.NotFoundException;
import com.hostflow.common.web.RequestKeys;
import com.hostflow.common.web.StorableText;
import com.hostflow.credentials.ServiceCredentials;
import com.hostflow.lifecycle.LifecycleEvents;
import com.hostflow.lifecycle.moduleoperation.ModuleOperationProcess;
import com.hostflow.modules.ModuleOperation;
import com.hostflow.services.DeletionReason;
import com.hostflow.services.OperationJournal;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceRepository;
import com.hostflow.services.ServiceStatus;

/**
 * Orders of new services and the steps of ServiceOrderProcess: price → paid from the balance at once or when a
 * payment arrives → set up by ModuleOperationProcess (module chosen, opened) → ACTIVE with its paid-until; an order unpaid for
 * {@code hostflow.orders.unpaid-order-days} is cancelled.
 */
@Service
public class ServiceOrders {

    private static final Logger log = LoggerFactory.getLogger(ServiceOrders.class);

    private final ServiceRepository services;
    private final ServiceOrderRepository orders;
    private final CatalogLookup catalog;
    private final BillingService billing;
    private final ClientService clients;
    private final ClientAccess clientAccess;
    private final TrialPolicyCheck trials;
    private final LifecycleEvents events;
    private final OperationJournal journal;
    /** A parameter's value: the service's domain column holds 255 characters, and no other value needs more. */
    static final int MAX_PARAMETER_LENGTH = 255;
    /** A refusal names this many of a parameter's choices; a product type may offer up to 100. */
    private static final int LISTED_CHOICES = 20;

    private final RequestKeys requestKeys;
    private final ServiceCredentials credentials;
    private final Clock clock;
    private final int unpaidOrderDays;

    ServiceOrders(ServiceRepository services, ServiceOrderRepository orders, CatalogLookup catalog,
            BillingService billing, ClientService clients, ClientAccess clientAccess, TrialPolicyCheck trials,
            LifecycleEvents events, OperationJournal journal, RequestKeys requestKeys, ServiceCredentials credentials,
            Clock clock, @Value("${hostflow.orders.unpaid-order-days:3}") int unpaidOrderDays) {
        this.services = services;
        this.orders = orders;
        this.catalog = catalog;
        this.billing = billing;
        this.clients = clients;
        this.clientAccess = clientAccess;
        this.trials = trials;
        this.events = events;
        this.journal = journal;
        this.requestKeys = requestKeys;
        this.credentials = credentials;
        this.clock = clock;
        this.unpaidOrderDays = unpaidOrderDays;
    }

    /** What a client orders; {@code params.domain} names the service's domain, else the tariff's template does. */
    public record OrderCommand(long clientId, long tariffId, Period period, Map<String, Long> addons,
            Map<String, String> params) {
    }

    /** What an order's Idempotency-Key is recorded as. */
    private static final String ORDER_REQUEST = "order";

    /** An order, and whether it was placed by an earlier request with the same Idempotency-Key. */
    public record PlacedOrder(ServiceOrder order, boolean placedBefore) {
    }

    /**
     * Checks the order, creates the service (ORDERED) and the order, and starts ServiceOrderProcess, which charges
     * the balance at once when it covers the amount.
     */
    @Transactional
    public ServiceOrder placeOrder(OrderCommand command) {
        return placeOrder(command, null).order();
    }

    /**
     * {@link #placeOrder(OrderCommand)} under the client's Idempotency-Key (null: none): the same request sent again
     * answers the order it placed the first time, and places nothing.
     *
     * @throws com.hostflow.common.web.ConflictException when the key placed a different order before
     */
    @Transactional
    public PlacedOrder placeOrder(OrderCommand command, String idempotencyKey) {
        return placeOrder(command, idempotencyKey, null);
    }

    /**
     * {@link #placeOrder(OrderCommand, String)} at the price the client was shown ({@code shownAmount}, null: any):
     * when the order costs another amount now (an admin changed the tariff's prices since the page was shown, or the
     * page's live price had not caught up with the form), nothing is placed and a {@link ConflictException} says the
     * new amount.
     */
    @Transactional
    public PlacedOrder placeOrder(OrderCommand command, String idempotencyKey, BigDecimal shownAmount) {
        clientAccess.requireVisible(command.clientId());
        if (idempotencyKey != null) {
            Optional<Long> earlier = requestKeys.madeBefore(command.clientId(), idempotencyKey, ORDER_REQUEST,
                    requestText(command));
            if (earlier.isPresent()) {
                return new PlacedOrder(orders.findById(earlier.get()).orElseThrow(), true);
            }
        }
        // a change or deletion of the tariff at this moment waits for this order, or this order for it (then: the
        // changed terms, or unknown tariff): a change never leaves the new service without a price for its period
        TariffTerms held = catalog.holdTariff(command.tariffId()) ? catalog.tariff(command.tariffId()).orElse(null)
                : null;
        // a CLIENT is told of another provider's tariff what it is told of an id that does not exist, as its catalog
        // answers 404: "sold by another provider" said the id is there. A tariff no longer sold stays 422: its own
        // provider's clients saw it while it was sold, and "no longer sold" is what they need to hear
        TariffTerms tariff = held != null && clientAccess.callerIsClient()
                && clients.client(command.clientId()).getProviderId() != held.providerId() ? null : held;
        FieldProblems problems = new FieldProblems();
        problems.addIf(tariff == null, "tariffId", "unknown tariff " + command.tariffId()).throwIfAny();
        ProductTypeRules rules = catalog.productType(tariff.productType()).orElseThrow(
                () -> new IllegalStateException("tariff " + tariff.id() + " has unknown product type"));
        Map<String, Long> addons = command.addons() == null ? Map.of() : command.addons();
        Map<String, String> params = given(command.params(), rules);
        Period period = command.period();
        problems.addIf(clients.client(command.clientId()).getProviderId() != tariff.providerId(), "tariffId",
                "the tariff is sold by another provider than the client's");
        problems.addIf(!rules.orderPeriods().contains(period), "period",
                "the product type " + rules.code() + " cannot be ordered for " + period);
        problems.addIf(period != Period.TRIAL && !tariff.prices().containsKey(period), "period",
                "the tariff has no price for " + period);
        problems.addIf(period == Period.TRIAL && tariff.trialDays() <= 0, "period", "the tariff offers no trial");
        problems.addIf(period == Period.TRIAL && tariff.trialDays() > 0 && tariff.periodAfterTrial().isEmpty(),
                "period", "the tariff has no paid period for a trial to go on with");
        billing.addonProblems(tariff.id(), addons).forEach(p -> problems.add(p.field(), p.message()));
        for (ProductTypeRules.ParameterRule parameter : rules.parameters()) {
            String value = params.get(parameter.code());
            if (parameter.required() && isBlank(value)) {
                problems.add("params." + parameter.code(), "is required");
            } else if (value == null && params.containsKey(parameter.code())) {
                problems.add("params." + parameter.code(), "must not be null");
            } else if (value != null && !parameter.accepts(value)) {
                // an OS the module does not install was paid for, failed in the module and was refunded
                problems.add("params." + parameter.code(), "must be one of " + listed(parameter.choices()));
            }
        }
        params.keySet().stream().filter(code -> rules.parameters().stream().noneMatch(p -> p.code().equals(code)))
                .forEach(code -> problems.add("params." + code, "unknown parameter"));
        // the REST API's reader refuses such text already; a page's form does not go through it
        params.forEach((code, value) -> {
            String unstorable = StorableText.problem(value);
            problems.addIf(unstorable != null, "params." + code, unstorable);
            // a parameter is one line for the module: "ubuntu-24.04\t" was paid for and sent to VMmanager as it was
            problems.addIf(unstorable == null && value != null && value.chars().anyMatch(Character::isISOControl),
                    "params." + code, "must be one line of text without a control character (a tab, a line break)");
        });
        // the domain goes into a column of 255 characters (a DNS name has at most 253): longer failed the insert,
        // answered as a conflict with existing data; any other value that long (a 10,000-character os) was paid for
        // and then failed in the module
        params.forEach((code, value) -> problems.addIf(value != null && value.length() > MAX_PARAMETER_LENGTH,
                "params." + code, "must have at most " + MAX_PARAMETER_LENGTH + " characters"));
        String domain = params.get("domain");
        String domainProblem = DomainName.problem(domain);
        problems.addIf(domainProblem != null && domain.length() <= MAX_PARAMETER_LENGTH, "params.domain",
                domainProblem);
        problems.throwIfAny();
        if (!tariff.active()) {
            throw new BusinessRuleException("TARIFF_INACTIVE", "tariff " + tariff.id() + " is not for sale");
        }
        if (period == Period.TRIAL) {
            trials.check(command.clientId(), tariff, rules);
        }

        Map<String, Long> fullAddons = new LinkedHashMap<>();
        tariff.addons().forEach(a -> fullAddons.put(a.resource(), addons.getOrDefault(a.resource(), a.included())));
        if (period == Period.TRIAL) {
            // the add-ons must be sold for the period the trial goes on with (400 naming addons.<resource>): its
            // prolongation could not price them, an incident with the service running unpaid
            tariff.periodAfterTrial().ifPresent(after -> billing.price(tariff.id(), after, fullAddons));
        }
        BigDecimal amount = period == Period.TRIAL ? BigDecimal.ZERO.setScale(2)
                : billing.price(tariff.id(), period, fullAddons);
        String currency = catalog.providerCurrency(tariff.providerId()).orElseThrow();
        // under the tariff's hold: a price change waits for this order, so the amount checked is the amount charged
        if (shownAmount != null && amount.compareTo(shownAmount) != 0) {
            throw new ConflictException("this order now costs " + amount + " " + currency + ", not the "
                    + shownAmount + " shown: nothing was ordered; look at its price again");
        }
        Instant now = clock.instant();
        ServiceInstance service = services.save(new ServiceInstance(command.clientId(), tariff.id(),
                tariff.providerId(), tariff.productType(), period, period == Period.TRIAL, fullAddons, params,
                blankToNull(params.get("domain")), now));
        ServiceOrder order = orders.save(new ServiceOrder(command.clientId(), service.getId(), amount, currency, now));
        if (idempotencyKey != null) {
            requestKeys.record(command.clientId(), idempotencyKey, ORDER_REQUEST, requestText(command), order.getId());
        }
        events.start(ServiceOrderProcess.KEY, service.getId(), Map.of(
                ServiceOrderProcess.SERVICE_ID, service.getId(),
                ServiceOrderProcess.ORDER_ID, order.getId()));
        return new PlacedOrder(order, false);
    }

    /**
     * What the client asked for, whatever the order of the maps' entries and whether a blank value was sent: the same
     * order gives the same text.
     */
    private static String requestText(OrderCommand command) {
        return command.tariffId() + "|" + command.period() + "|" + sorted(command.addons()) + "|"
                + sorted(withoutBlanks(command.params()));
    }

    /** Blank values dropped: one left blank is not given (a required one is refused before its key is recorded). */
    private static Map<String, String> withoutBlanks(Map<String, String> params) {
        if (params == null) {
            return Map.of();
        }
        Map<String, String> given = new LinkedHashMap<>(params);
        given.values().removeIf(value -> value != null && value.isBlank());
        return given;
    }

    private static Map<String, ?> sorted(Map<String, ?> values) {
        return values == null ? Map.of() : new TreeMap<>(values);
    }

    /** Whether the client may order a trial of the tariff now, by its product type's trial policy. */
    @Transactional(readOnly = true)
    public boolean trialAvailable(long clientId, long tariffId) {
        TariffTerms tariff = catalog.tariff(tariffId).orElseThrow(() -> new NotFoundException("tariff", tariffId));
        ProductTypeRules rules = catalog.productType(tariff.productType()).orElseThrow();
        return trials.available(clientId, tariff, rules);
    }

    /** Until when an unpaid order waits for its money before it is cancelled. */
    @Transactional(readOnly = true)
    public Date payBefore(long orderId) {
        ServiceOrder order = orders.findById(orderId).orElseThrow();
        return Date.from(order.getCreatedAt().plus(Duration.ofDays(unpaidOrderDays)));
    }

    @Transactional(readOnly = true)
    public ServiceOrder order(long orderId) {
        ServiceOrder order = orders.findById(orderId).orElseThrow(() -> new NotFoundException("order", orderId));
        if (clientAccess.callerIsClient()
                && clientAccess.currentClientId().filter(own -> own == order.getClientId()).isEmpty()) {
            throw new NotFoundException("order", orderId);
        }
        return order;
    }

    /**
     * Whether a module took the service (its open chose one): only then can anything of it be closed in a module. A
     * deletion can withdraw the open before any module was chosen (its connection checks failed and it backs off).
     * Gateway_ModuleTookItBeforeDeletion reads it.
     */
    @Transactional(readOnly = true)
    public boolean moduleTookIt(long serviceId) {
        return services.findById(serviceId).map(service -> service.getProcessingModuleId() != null).orElse(false);
    }

    /**
     * The order process's first step: its order waits for its first payment, the process is the service's (its
     * {@code serviceId} and business key name the order's service) and no other order process runs for it. A second
     * process for an order, started by an admin through the engine REST, opened a second VM for an ACTIVE service
     * (the first left running, belonging to no service), moved its paid period and sent "ready" again; for an order
     * still waiting, both processes would pay and open it. Refused with nothing started (400 at the engine REST).
     */
    @Transactional
    public void checkOrderedOnce(long orderId, long serviceId, String businessKey, String processInstanceId) {
        ServiceOrder order = orders.findById(orderId).orElseThrow(() -> new NotFoundException("order", orderId));
        if (order.getServiceId() != serviceId || !Long.toString(serviceId).equals(businessKey)) {
            throw new IllegalStateException("order " + orderId + " is for service " + order.getServiceId()
                    + ": serviceId and the business key name that service");
        }
        if (order.getStatus() != OrderStatus.AWAITING_PAYMENT
                || events.runsBeside(ServiceOrderProcess.KEY, serviceId, processInstanceId)) {
            throw new IllegalStateException("order " + orderId + " is " + order.getStatus()
                    + " and has its order process already: a service is ordered, paid and opened once");
        }
    }

    /**
     * Pays the order from the balance when it covers the amount: charges the first period (key {@code order-<id>})
     * and sets the service's paid-until. Answers whether the order is paid.
     */
    @Transactional
    public boolean payFromBalance(long orderId) {
        ServiceOrder order = orders.findById(orderId).orElseThrow(() -> new NotFoundException("order", orderId));
        if (order.getStatus() != OrderStatus.AWAITING_PAYMENT) {
            return order.getStatus() == OrderStatus.PAID || order.getStatus() == OrderStatus.COMPLETED;
        }
        // the service's row before the account's and the engine's, as a cancellation takes them: the pay-before
        // timer's job wrote its order-cancelled mail and reached this row only when it committed, while a client's
        // cancellation held the row and waited for the mail's key (a deadlock PostgreSQL broke after a second). The
        // order is changed only together with its service, under this lock: ORDERED here means it still waits
        ServiceInstance service = services.findForUpdate(order.getServiceId()).orElseThrow();
        if (service.getStatus() != ServiceStatus.ORDERED) {
            // deleted meanwhile by a deletion this order did not hear (its instance suspended in Cockpit): nothing
            // is charged and nothing opened for a service that is gone
            return false;
        }
        TariffTerms tariff = catalog.tariff(service.getTariffId()).orElseThrow();
        Instant now = clock.instant();
        if (order.getAmount().signum() > 0) {
            // charged under the account's lock: a payment either covers this or reaches the wait that follows
            Instant periodEnd = billing.periodEnd(now, service.getPeriod(), tariff.trialDays()).orElse(null);
            try {
                billing.charge(new ChargeRequest(order.chargeKey(), order.getClientId(), tariff.id(),
                        service.getId(), order.getAmount(), BillingCalendar.day(now),
                        periodEnd == null ? null : BillingCalendar.day(periodEnd),
                        tariff.name() + ", " + service.getPeriod()));
            } catch (BusinessRuleException e) {
                if (BillingService.INSUFFICIENT_FUNDS.equals(e.code())) {
                    return false;
                }
                throw e;
            }
        }
        order.changeStatus(OrderStatus.PAID, now);
        startSetUp(service, tariff, now);
        return true;
    }

    /** Paid: the service is set up now, under its own domain or the one the tariff's template gives it. */
    private static void startSetUp(ServiceInstance service, TariffTerms tariff, Instant now) {
        if (service.getDomain() == null && tariff.defaultDomainTemplate() != null
                && !tariff.defaultDomainTemplate().isBlank()) {
            service.assignDomain(tariff.defaultDomainTemplate().replace("{serviceId}", service.getId().toString()),
                    now);
        }
        service.changeStatus(ServiceStatus.PROCESSING, now);
    }

    /**
     * The module opened the service: it runs, and the order is done. The paid period starts now, however long the
     * set-up took: the first charge covers the full period from today.
     */
    @Transactional
    public void activate(long serviceId, long orderId) {
        Instant now = clock.instant();
        ServiceInstance service = services.findById(serviceId).orElseThrow();
        ServiceOrder order = orders.findById(orderId).orElseThrow();
        // the order was priced and charged when it was paid; only the trial days are read again, from the snapshot
        TariffTerms tariff = catalog.recentTariff(service.getTariffId()).orElseThrow();
        Instant paidUntil = billing.periodEnd(now, service.getPeriod(), tariff.trialDays()).orElse(null);
        if (order.getAmount().signum() > 0) {
            billing.movePeriod(order.chargeKey(), tariff.id(), BillingCalendar.day(now),
                    paidUntil == null ? null : BillingCalendar.day(paidUntil));
        }
        // the chain of paid periods starts today: its day of month is the one later months go back to
        service.paidUntil(paidUntil, BillingCalendar.day(now).getDayOfMonth(), now);
        service.changeStatus(ServiceStatus.ACTIVE, now);
        order.changeStatus(OrderStatus.COMPLETED, now);
    }

    /** The client or an admin deleted the service while it was being set up: it is gone and the money goes back. */
    @Transactional
    public void cancelAfterSetUp(long serviceId, long orderId) {
        Instant now = clock.instant();
        ServiceInstance service = services.findById(serviceId).orElseThrow();
        ServiceOrder order = orders.findById(orderId).orElseThrow();
        refund(service, order, "the service was deleted before it was set up");
        service.changeStatus(ServiceStatus.DELETED, now);
        credentials.forget(serviceId);
        order.changeStatus(OrderStatus.CANCELLED, now);
    }

    /**
     * Task_CancelOrder: the order is cancelled before it was paid and its service never comes to be. A deletion its
     * client or an admin asked for keeps its reason; with none asked, nobody paid in time: UNPAID. Answers whether the
     * service was DELETED already: a ServiceDeletionProcess deleted it, and told the client, while this order's
     * instance was suspended in Cockpit and did not hear the deletion.
     */
    @Transactional
    public boolean cancelUnpaid(long serviceId, long orderId) {
        // held already where a cancellation's request or Task_PayBeforeCancelling got here; taken here otherwise,
        // still before the engine's rows
        ServiceInstance service = services.findForUpdate(serviceId).orElseThrow();
        boolean deletedAlready = service.isDeleted();
        cancelBeforePaid(service, orderId);
        if (service.getDeletionReason() == null) {
            service.deletionAskedFor(DeletionReason.UNPAID);
        }
        return deletedAlready;
    }

    /**
     * The deleted service's order still waiting for its payment is CANCELLED: a ServiceDeletionProcess deleted the
     * service because the order's instance, suspended in Cockpit, did not hear the deletion, and the order showed
     * AWAITING_PAYMENT until an admin activated the instance (whose Task_CancelOrder finds it CANCELLED already).
     */
    @Transactional
    public void cancelUnpaidOrderOfDeleted(long serviceId) {
        Instant now = clock.instant();
        orders.findByServiceId(serviceId).stream().filter(order -> order.getStatus() == OrderStatus.AWAITING_PAYMENT)
                .forEach(order -> order.changeStatus(OrderStatus.CANCELLED, now));
    }

    /**
     * Whether the service of an unpaid order is DELETED already (Gateway_DeletedWhileUnpaid): a deletion the order's
     * instance did not hear, suspended in Cockpit, deleted it; a payment kept for the order asks for no money then.
     */
    @Transactional(readOnly = true)
    public boolean deletedAlready(long serviceId) {
        return services.findById(serviceId).map(ServiceInstance::isDeleted).orElse(false);
    }

    /** The service's row is locked by the caller. */
    private void cancelBeforePaid(ServiceInstance service, long orderId) {
        Instant now = clock.instant();
        if (!service.isDeleted()) {
            service.changeStatus(ServiceStatus.DELETED, now);
        }
        orders.findById(orderId).orElseThrow().changeStatus(OrderStatus.CANCELLED, now);
    }

    /** The service could not be opened: it is FAILED and what was paid goes back to the balance. */
    @Transactional
    public void fail(long serviceId, long orderId) {
        Instant now = clock.instant();
        ServiceInstance service = services.findById(serviceId).orElseThrow();
        ServiceOrder order = orders.findById(orderId).orElseThrow();
        refund(service, order, "the service could not be set up");
        service.changeStatus(ServiceStatus.FAILED, now);
        order.changeStatus(OrderStatus.FAILED, now);
    }

    /**
     * The order's process ended (its end listener). One that ended with its service still ORDERED or PROCESSING
     * reached none of its ends: an admin cancelled it in Cockpit, or cancelled the module operation it called (the
     * engine then ends the caller too). The service does not stay half-made: one not yet paid is cancelled as an
     * unpaid order is, one being set up fails and its order is refunded in full, as a failed open is. What the
     * module may have made meanwhile (a VM made, or an open still on its way to the module) is closed as a failed
     * open's is: a ModuleOperationProcess(close) of its own, started here and calling the module only once this
     * transaction committed. It used to stay at the module, a VM of no service, until the drift sync handed it to
     * the department.
     */
    @Transactional
    public void endedUnfinished(long serviceId, String processInstanceId) {
        // the service's row before the engine's, which the engine writes when the cancellation's command ends: the
        // order a client's cancellation and the order's own steps take them in
        ServiceInstance service = services.findForUpdate(serviceId).orElse(null);
        if (service == null || service.getStatus() != ServiceStatus.ORDERED
                && service.getStatus() != ServiceStatus.PROCESSING) {
            return;
        }
        ServiceOrder order = orders.findByServiceId(serviceId).stream().findFirst().orElse(null);
        if (order == null) {
            return;
        }
        ServiceStatus was = service.getStatus();
        // said once it happened: a cancellation that loses its race is rolled back whole
        AfterCommit.run(() -> log.warn("service {}: its order {} ended while the service was {} (cancelled?); the"
                + " order is {}", serviceId, order.getId(), was, was == ServiceStatus.ORDERED ? "cancelled"
                        : "failed and refunded"));
        if (service.getStatus() == ServiceStatus.ORDERED) {
            // ended by hand (Cockpit), not for want of payment: no reason is made up for it
            cancelBeforePaid(service, order.getId());
        } else {
            fail(serviceId, order.getId());
            closeWhatMayBeOpen(service, processInstanceId);
        }
    }

    private void closeWhatMayBeOpen(ServiceInstance service, String processInstanceId) {
        String open = ModuleOperation.OPEN.feature();
        if (service.getProcessingModuleId() == null
                || service.getExternalId() == null && !journal.mayHaveCreated(service.getId(), open)) {
            return;
        }
        long serviceId = service.getId();
        AfterCommit.run(() -> log.warn("service {}: closing in its module what its unfinished open may have made",
                serviceId));
        // the key a failed open's compensation (Task_CloseWhatWasOpened) gives it
        events.start(ModuleOperationProcess.KEY, service.getId(), Map.of(
                ModuleOperationProcess.SERVICE_ID, service.getId(),
                ModuleOperationProcess.OPERATION, ModuleOperation.CLOSE.feature(),
                ModuleOperationProcess.OPERATION_KEY, OperationJournal.operationKey(service.getId(),
                        ModuleOperation.CLOSE.feature(), processInstanceId)));
    }

    private void refund(ServiceInstance service, ServiceOrder order, String why) {
        if (order.getStatus() == OrderStatus.PAID && order.getAmount().signum() > 0) {
            billing.credit(new CreditRequest("order-refund-" + order.getId(), order.getClientId(),
                    service.getProviderId(), service.getId(), CreditKind.REFUND, order.getAmount(), null, null,
                    "Refund of order " + order.getId() + ": " + why));
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * The parameters without the optional ones left blank, which count as not given: {@code "domain": ""} stood in
     * the service's params while its domain column had null. A blank required one stays, to be refused naming it.
     */
    private static Map<String, String> given(Map<String, String> params, ProductTypeRules rules) {
        if (params == null) {
            return Map.of();
        }
        Map<String, String> given = new LinkedHashMap<>(params);
        rules.parameters().stream().filter(parameter -> !parameter.required())
                .filter(parameter -> given.get(parameter.code()) != null && given.get(parameter.code()).isBlank())
                .forEach(parameter -> given.remove(parameter.code()));
        return given;
    }

    /** The choices a refusal names: the first ones, when a parameter offers many. */
    private static String listed(List<String> choices) {
        return choices.size() <= LISTED_CHOICES ? String.join(", ", choices)
                : String.join(", ", choices.subList(0, LISTED_CHOICES)) + " (and " + (choices.size() - LISTED_CHOICES)
                        + " more: see the product type)";
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value;
    }
}
