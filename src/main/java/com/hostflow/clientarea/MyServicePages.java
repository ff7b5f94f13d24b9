package com.hostflow.clientarea;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.hostflow.billing.Credit;
import com.hostflow.billing.ExpenseService;
import com.hostflow.billing.ExpenseService.StatementPage;
import com.hostflow.billing.Payment;
import com.hostflow.billing.PaymentService;
import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.ClientDeletion;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.ProductTypeRules;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.clients.Client;
import com.hostflow.common.time.Moments;
import com.hostflow.common.web.InvalidInputException;
import com.hostflow.common.web.PageNumber;
import com.hostflow.console.Flash;
import com.hostflow.console.FormErrors;
import com.hostflow.console.OlderRows;
import com.hostflow.console.PageForms;
import com.hostflow.console.Statements;
import com.hostflow.credentials.ServiceCredentials;
import com.hostflow.credentials.ServicePasswordResets;
import com.hostflow.credentials.ServicePasswordResets.RequestedReset;
import com.hostflow.lifecycle.deletion.ServiceDeletions;
import com.hostflow.lifecycle.order.OrderQueries;
import com.hostflow.lifecycle.order.OrderStatus;
import com.hostflow.lifecycle.order.ServiceOrder;
import com.hostflow.lifecycle.order.ServiceOrders;
import com.hostflow.lifecycle.parameters.ServiceParameterChanges;
import com.hostflow.lifecycle.parameters.ServiceParameterChanges.ChangeQuote;
import com.hostflow.lifecycle.parameters.ServiceParameterChanges.RequestedChange;
import com.hostflow.lifecycle.prolongation.ServiceProlongations;
import com.hostflow.quotes.PriceQuotes;
import com.hostflow.services.ServiceInstance;
import com.hostflow.services.ServiceQueries;
import com.hostflow.services.ServiceStatus;
import com.hostflow.services.SuspensionReason;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client's services and money. Every read goes through {@link ServiceQueries}, which answers 404 for another
 * client's service; actions appear only when the client may take them (prolong an active or suspended service,
 * change add-ons of an active one, delete as the product type allows).
 */
@Controller
@RequestMapping("/my")
class MyServicePages {

    /** The one-time key of the prolong and change-confirm forms, sent as the request's Idempotency-Key. */
    static final String REQUEST_KEY = "requestKey";
    /** The change-confirm form's amount as the page showed it. */
    static final String SHOWN_AMOUNT = "shownAmount";

    /** About how many expense lines the billing page shows (whole months). */
    static final int STATEMENT_LINES = 1000;
    /** The page parameters of the payments' and the credits' lists, and the rows of one of their pages. */
    static final String PAYMENTS = "payments";
    static final String CREDITS = "credits";
    static final int ROWS = 100;
    /** Services on one page of the list. */
    static final int SERVICES_PER_PAGE = 50;

    private final ServiceQueries queries;
    private final ServiceProlongations prolongations;
    private final ServiceParameterChanges parameterChanges;
    private final ServiceDeletions deletions;
    private final CatalogLookup catalog;
    private final PaymentService payments;
    private final ExpenseService expenses;
    private final MyClient me;
    private final PageForms forms;
    private final ServiceCredentials credentials;
    private final ServicePasswordResets resets;
    private final OrderQueries orders;
    private final ServiceOrders serviceOrders;
    private final Clock clock;

    MyServicePages(ServiceQueries queries, ServiceProlongations prolongations,
            ServiceParameterChanges parameterChanges, ServiceDeletions deletions, CatalogLookup catalog,
            PaymentService payments, ExpenseService expenses, MyClient me, PageForms forms,
            ServiceCredentials credentials, ServicePasswordResets resets, OrderQueries orders,
            ServiceOrders serviceOrders, Clock clock) {
        this.credentials = credentials;
        this.resets = resets;
        this.orders = orders;
        this.serviceOrders = serviceOrders;
        this.clock = clock;
        this.queries = queries;
        this.prolongations = prolongations;
        this.parameterChanges = parameterChanges;
        this.deletions = deletions;
        this.catalog = catalog;
        this.payments = payments;
        this.expenses = expenses;
        this.me = me;
        this.forms = forms;
    }

    @GetMapping
    String services(@RequestParam(defaultValue = "false") boolean all, @RequestParam(defaultValue = "0") int page,
            Model model) {
        Client client = me.client();
        // deleted services left out by the query: filtered after it, the first 200 (deleted or not) were all there
        // was, and a client with 200 deleted services saw none of its new ones
        Page<ServiceInstance> listed = queries.listedServices(all, Math.min(Math.max(page, 0), PageNumber.MAX),
                SERVICES_PER_PAGE);
        List<ServiceInstance> services = listed.getContent();
        Map<Long, String> tariffNames = new LinkedHashMap<>();
        services.forEach(s -> tariffNames.computeIfAbsent(s.getTariffId(),
                id -> catalog.tariff(id).map(TariffTerms::name).orElse("#" + id)));
        model.addAttribute("client", client);
        model.addAttribute("account", me.account(client));
        model.addAttribute("services", services);
        model.addAttribute("tariffNames", tariffNames);
        model.addAttribute("all", all);
        model.addAttribute("listed", listed);
        return "my/services";
    }

    @GetMapping("/services/{id}")
    String service(@PathVariable long id, Model model) {
        return page(id, model, null, FormErrors.none());
    }

    @PostMapping("/services/{id}/prolong")
    String prolong(@PathVariable long id, @RequestParam(required = false) Period period,
            @RequestParam(name = REQUEST_KEY, required = false) String requestKey, HttpServletRequest request,
            RedirectAttributes flash) {
        queries.service(id);
        FormErrors errors = FormErrors.none();
        // the page's one-time key: the form submitted twice (a double click, a reload) prolongs once
        String key = PageForms.requestKey(REQUEST_KEY, requestKey, errors);
        // what the page showed for the period chosen: charged only if the prolongation still costs that
        String shownField = SHOWN_AMOUNT + "[" + period + "]";
        BigDecimal shown = period == null ? null
                : PageForms.shownAmount(shownField, request.getParameter(shownField), errors);
        Boolean accepted = errors.any() ? null
                : forms.run(errors, () -> prolongations.requestProlongation(id, period, key, shown));
        Flash.outcome(flash, errors, Boolean.FALSE.equals(accepted)
                ? "This prolongation was requested already; nothing more was charged."
                // answered before the prolongation has charged (its process does): not "is charged"
                : "Prolongation requested: the period will be charged from your balance. If it cannot be (a deletion"
                        + " came first, or the balance was spent meanwhile), nothing is charged and you get an e-mail.");
        return "redirect:/my/services/" + id;
    }

    /** Step 1 of an add-on change: the prorated price, shown before the client confirms. */
    @PostMapping("/services/{id}/change")
    String quoteChange(@PathVariable long id, HttpServletRequest request, Model model) {
        queries.service(id);
        FormErrors errors = FormErrors.none();
        Map<String, Long> changes = addons(request, errors);
        ChangeQuote quote = errors.any() ? null
                : forms.run(errors, () -> parameterChanges.quoteChange(id, changes));
        if (quote == null) {
            return page(id, model, changes, errors);
        }
        model.addAttribute("service", queries.service(id));
        model.addAttribute("quote", quote);
        model.addAttribute("requestKey", UUID.randomUUID().toString());
        model.addAttribute("account", me.account(me.client()));
        return "my/change-confirm";
    }

    /** Step 2: the client confirmed; the prorated amount is charged or credited now. */
    @PostMapping("/services/{id}/change/confirm")
    String confirmChange(@PathVariable long id, HttpServletRequest request,
            @RequestParam(name = REQUEST_KEY, required = false) String requestKey,
            @RequestParam(name = SHOWN_AMOUNT, required = false) String shownAmount, Model model,
            RedirectAttributes flash) {
        queries.service(id);
        FormErrors errors = FormErrors.none();
        Map<String, Long> changes = addons(request, errors);
        // the confirm page's one-time key: the form submitted twice (a double click, a reload) changes once
        String key = PageForms.requestKey(REQUEST_KEY, requestKey, errors);
        // the amount the confirm page showed: charged only if the change still costs that (the page may be old)
        BigDecimal shown = PageForms.shownAmount(SHOWN_AMOUNT, shownAmount, errors);
        RequestedChange change = errors.any() ? null
                : forms.run(errors, () -> parameterChanges.requestChange(id, changes, key, shown));
        if (change == null) {
            return page(id, model, changes, errors);
        }
        BigDecimal amount = change.amount();
        flash.addFlashAttribute("notice", change.requestedBefore()
                ? "This change was requested already; nothing more was charged or credited."
                : amount.signum() > 0 ? "Change ordered: " + amount + " charged."
                : amount.signum() < 0 ? "Change ordered: " + amount.negate() + " credited."
                : "Change ordered.");
        return "redirect:/my/services/" + id;
    }

    @PostMapping("/services/{id}/deletion-code")
    String sendDeletionCode(@PathVariable long id, RedirectAttributes flash) {
        queries.service(id);
        FormErrors errors = FormErrors.none();
        Instant expires = forms.run(errors, () -> deletions.sendDeletionCode(id));
        Flash.outcome(flash, errors, "A code was sent to your phone; it is valid until "
                + (expires == null ? "" : Moments.shown(expires)) + ".");
        return "redirect:/my/services/" + id;
    }

    @PostMapping("/services/{id}/delete")
    String delete(@PathVariable long id, @RequestParam(required = false) String code, RedirectAttributes flash) {
        ServiceStatus status = queries.service(id).getStatus();
        FormErrors errors = FormErrors.none();
        Instant when = forms.run(errors, () -> deletions.deleteByClient(id, code == null || code.isBlank() ? null
                : code.trim()));
        Flash.outcome(flash, errors, when != null && when.isAfter(clock.instant())
                ? "The service will be deleted at the end of its paid period ("
                        + Moments.shown(when) + ")."
                : status == ServiceStatus.ORDERED ? "The order is being cancelled."
                : status == ServiceStatus.FAILED ? "The service is removed from your list."
                : "The service is being deleted.");
        return "redirect:/my/services/" + id;
    }

    /** Takes back a deletion that waits for the end of the paid period. */
    @PostMapping("/services/{id}/keep")
    String keep(@PathVariable long id, RedirectAttributes flash) {
        queries.service(id);
        FormErrors errors = FormErrors.none();
        forms.run(errors, () -> {
            deletions.withdraw(id);
            return id;
        });
        Flash.outcome(flash, errors, "The deletion is withdrawn: the service keeps running.");
        return "redirect:/my/services/" + id;
    }

    /** What the module created to reach the service (passwords too): shown on this page only, each look audited. */
    @GetMapping("/services/{id}/credentials")
    String credentials(@PathVariable long id, Model model) {
        ServiceInstance service = queries.service(id);
        model.addAttribute("service", service);
        model.addAttribute("tariff", catalog.tariff(service.getTariffId()).orElseThrow());
        model.addAttribute("access", credentials.reveal(id));
        model.addAttribute("canReset", service.getStatus() == ServiceStatus.ACTIVE);
        model.addAttribute("refusals", queries.refusedOperations(List.of(id)).stream()
                .filter(r -> "reset_password".equals(r.operation())).toList());
        model.addAttribute(REQUEST_KEY, UUID.randomUUID().toString());
        return "my/credentials";
    }

    /** A new root password through the module; the page's one-time key makes a second submit no second reset. */
    @PostMapping("/services/{id}/reset-password")
    String resetPassword(@PathVariable long id,
            @RequestParam(name = REQUEST_KEY, required = false) String requestKey, RedirectAttributes flash) {
        queries.service(id);
        FormErrors errors = FormErrors.none();
        String key = PageForms.requestKey(REQUEST_KEY, requestKey, errors);
        RequestedReset reset = errors.any() ? null : forms.run(errors, () -> resets.requestReset(id, key));
        Flash.outcome(flash, errors, reset != null && reset.requestedBefore()
                ? "This password reset was requested already; no other password is set."
                : "A new root password is being set; you get an e-mail when it is ready, then it is shown here.");
        return "redirect:/my/services/" + id + "/credentials";
    }

    /**
     * Balance, payments, and the expenses of the newest months; {@code before} pages to older months, {@code payments}
     * and {@code credits} to older payments and credits.
     */
    @GetMapping("/billing")
    String billing(@RequestParam(required = false) YearMonth before,
            @RequestParam(name = PAYMENTS, defaultValue = "0") int paymentsPage,
            @RequestParam(name = CREDITS, defaultValue = "0") int creditsPage, Model model) {
        Client client = me.client();
        Map<String, Object> query = OlderRows.query(before, PAYMENTS, paymentsPage, CREDITS, creditsPage);
        model.addAttribute("client", client);
        model.addAttribute("account", me.account(client));
        OlderRows<Payment> paid = OlderRows.of("/my/billing", query, PAYMENTS, ROWS,
                (page, size) -> payments.payments(client.getId(), page, size));
        model.addAttribute("payments", paid.rows());
        model.addAttribute("paymentPages", paid);
        StatementPage statement = expenses.statement(client.getId(), before, STATEMENT_LINES);
        model.addAttribute("months", Statements.byMonth(statement.expenses()));
        model.addAttribute("olderMonths", statement.olderBefore() == null ? null
                : OlderRows.months("/my/billing", query, statement.olderBefore()));
        model.addAttribute("newestMonths", before == null ? null : OlderRows.months("/my/billing", query, null));
        OlderRows<Credit> credited = OlderRows.of("/my/billing", query, CREDITS, ROWS,
                (page, size) -> expenses.credits(client.getId(), page, size));
        model.addAttribute("credits", credited.rows());
        model.addAttribute("creditPages", credited);
        return "my/billing";
    }

    private String page(long id, Model model, Map<String, Long> typedAddons, FormErrors errors) {
        ServiceInstance service = queries.service(id);
        TariffTerms tariff = catalog.tariff(service.getTariffId()).orElseThrow();
        ProductTypeRules rules = catalog.productType(service.getProductType()).orElseThrow();
        // what each prolongation charges: a service behind its paid-until pays the time it ran since too
        List<ServiceProlongations.Offer> prolongations = this.prolongations.offers(id);
        boolean alive = service.getStatus() == ServiceStatus.ACTIVE || service.getStatus() == ServiceStatus.SUSPENDED;
        // a deletion waiting for the end of the paid period: the client may keep the service
        boolean deletionWaits = alive && service.getDeleteAt() != null && service.getDeleteAt().isAfter(clock.instant());
        model.addAttribute("service", service);
        model.addAttribute("tariff", tariff);
        model.addAttribute("rules", rules);
        Client client = me.client();
        model.addAttribute("account", me.account(client));
        // the ProlongationDecision table says whether the client may prolong (not while a deletion is on record)
        model.addAttribute("prolongations", alive && this.prolongations.refusal(id).isEmpty() ? prolongations
                : List.of());
        model.addAttribute("paidBehind", alive && service.getPaidUntil() != null
                && service.getPaidUntil().isBefore(clock.instant())
                && !service.isSuspendedFor(SuspensionReason.BILLING));
        // paid, stopped: the module refused to start it again after the payment; the staff start it
        model.addAttribute("restartFailed", service.isSuspendedFor(SuspensionReason.RESTART_FAILED));
        // suspended for non-payment: the day its prolongation deletes it unless it is paid (none once it is deleted)
        model.addAttribute("autoDeletionAt", !alive || service.getDeleteAt() != null ? null
                : rules.autoDeletionAt(service.getSuspensions().get(SuspensionReason.BILLING)).orElse(null));
        // deleted: why (its client's, at the end of its paid period, an admin's, or days not paid for)
        model.addAttribute("unpaidDays", service.getPaidUntil() == null || service.getDeleteAt() == null ? 0
                : Math.max(0, Duration.between(service.getPaidUntil(), service.getDeleteAt()).toDays()));
        model.addAttribute("requestKey", UUID.randomUUID().toString());
        model.addAttribute("canChange", service.getStatus() == ServiceStatus.ACTIVE
                && !service.hasParameterChangePending() && tariff.addons().stream().anyMatch(a -> a.max() > a.min()));
        model.addAttribute("deletionWaits", deletionWaits);
        // an unpaid order too: deleting its service cancels it (DELETE /services/{id} does the same)
        // a FAILED service (never set up, its money back) is removed whatever the product type says about deletions
        // and an unpaid order is cancelled whatever it says
        boolean failed = service.getStatus() == ServiceStatus.FAILED;
        boolean unpaidOrder = service.getStatus() == ServiceStatus.ORDERED;
        model.addAttribute("canDelete", (rules.clientDeletion() != ClientDeletion.PROHIBITED || failed || unpaidOrder)
                && service.getStatus() != ServiceStatus.DELETED && service.getDeleteAt() == null);
        model.addAttribute("phoneCode", rules.clientDeletion() == ClientDeletion.PHONE_VERIFIED && !failed
                && !unpaidOrder);
        // a code cannot be sent to a client without a phone number: the page says whom to ask instead of a button
        // that can only answer so
        model.addAttribute("hasPhone", client.getPhone() != null && !client.getPhone().isBlank());
        // what the delete card says follows the rule the deletion keeps (a service never set up has no period left)
        model.addAttribute("deletionAtPeriodEnd",
                ServiceDeletions.clientDeletionWaitsUntil(service, rules, clock.instant()) != null);
        model.addAttribute("typedAddons", typedAddons == null ? service.getAddons() : typedAddons);
        // an order not paid yet: what it waits for and until when, so the page does not say it is being set up
        ServiceOrder unpaid = service.getStatus() != ServiceStatus.ORDERED ? null
                : orders.orders(null, OrderStatus.AWAITING_PAYMENT, id, 0, 1).stream().findFirst().orElse(null);
        model.addAttribute("unpaidOrder", unpaid);
        // a service never set up: its order failed and what was paid for it went back to the balance
        model.addAttribute("failedOrder", service.getStatus() != ServiceStatus.FAILED ? null
                : orders.orders(null, OrderStatus.FAILED, id, 0, 1).stream().findFirst().orElse(null));
        // deleted before it was set up: its order was cancelled (by the client, an admin, or for want of payment)
        model.addAttribute("cancelledOrder", service.getStatus() != ServiceStatus.DELETED ? null
                : orders.orders(null, OrderStatus.CANCELLED, id, 0, 1).stream().findFirst().orElse(null));
        model.addAttribute("payBefore", unpaid == null ? null : serviceOrders.payBefore(unpaid.getId()).toInstant());
        // the client's own operations that did not happen (an admin's suspension refused is the provider's business)
        model.addAttribute("refusals", queries.refusedOperations(List.of(id)));
        model.addAttribute("errors", errors);
        return "my/service";
    }

    private static Map<String, Long> addons(HttpServletRequest request, FormErrors errors) {
        try {
            return PriceQuotes.addonParameters(request.getParameterMap());
        } catch (InvalidInputException e) {
            errors.add(e);
            return Map.of();
        }
    }
}
