package com.hostflow.console;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.hostflow.billing.AccountService;
import com.hostflow.billing.Credit;
import com.hostflow.billing.AccountService.AccountBalance;
import com.hostflow.billing.ExpenseService;
import com.hostflow.billing.ExpenseService.StatementPage;
import com.hostflow.billing.ManualCredits;
import com.hostflow.billing.ManualCredits.Given;
import com.hostflow.billing.Payment;
import com.hostflow.billing.PaymentService;
import com.hostflow.billing.PaymentService.PaymentOutcome;
import com.hostflow.billing.web.CreditForm;
import com.hostflow.billing.web.PaymentRequest;
import com.hostflow.clients.Client;
import com.hostflow.clients.ClientService;
import com.hostflow.common.web.StrictNumbers;

/**
 * Clients with their balance; a client's page with payments (an admin records one), expenses and credits (an admin
 * gives one).
 */
@Controller
@RequestMapping("/console/clients")
class ClientPages {

    private final ClientService clients;
    private final AccountService accounts;
    private final PaymentService payments;
    private final ExpenseService expenses;
    private final ManualCredits credits;
    private final PageForms forms;

    ClientPages(ClientService clients, AccountService accounts, PaymentService payments, ExpenseService expenses,
            ManualCredits credits, PageForms forms) {
        this.clients = clients;
        this.accounts = accounts;
        this.payments = payments;
        this.expenses = expenses;
        this.credits = credits;
        this.forms = forms;
    }

    /** The page parameters of the payments' and the credits' lists. */
    static final String PAYMENTS = "payments";
    static final String CREDITS = "credits";
    /** Rows of a payments' or credits' page. */
    static final int ROWS = 50;

    /** About how many expense lines a client's page shows (whole months). */
    static final int STATEMENT_LINES = 500;

    @GetMapping
    String list(@RequestParam(defaultValue = "0") int page, Model model) {
        List<Client> list = clients.clients(PageSupport.pageNumber(page), 100);
        Map<Long, List<AccountBalance>> balances = new LinkedHashMap<>();
        list.forEach(c -> balances.put(c.getId(), accounts.accounts(c.getId())));
        model.addAttribute("clients", list);
        model.addAttribute("balances", balances);
        model.addAttribute("page", page);
        return "console/clients";
    }

    /** The page with the statement's months before {@code before}, and the payments' and credits' pages. */
    @GetMapping("/{id}")
    String client(@PathVariable long id, @RequestParam(required = false) YearMonth before,
            @RequestParam(name = PAYMENTS, defaultValue = "0") int paymentsPage,
            @RequestParam(name = CREDITS, defaultValue = "0") int creditsPage, Model model) {
        return page(id, OlderRows.query(before, PAYMENTS, paymentsPage, CREDITS, creditsPage), model, null,
                FormErrors.none(), Map.of(), FormErrors.none());
    }

    /** Records money that arrived for the client, as {@code POST /api/v1/payments} does. */
    @PostMapping("/{id}/payments")
    String pay(@PathVariable long id, @RequestParam(required = false) String amount,
            @RequestParam(required = false) String externalId, Model model, RedirectAttributes flash) {
        Client client = clients.client(id);
        FormErrors errors = FormErrors.none();
        PaymentRequest request = new PaymentRequest(client.getId(), amount(amount, errors),
                externalId == null || externalId.isBlank() ? null : externalId.trim(), null);
        PaymentOutcome outcome = forms.submit(request, errors, r -> payments.receiveForClient(r.clientId(),
                r.providerId(), r.amount(), r.externalId()));
        if (outcome == null) {
            return page(id, OlderRows.NEWEST, model, Map.of("amount", amount == null ? "" : amount,
                    "externalId", externalId == null ? "" : externalId), errors, Map.of(), FormErrors.none());
        }
        flash.addFlashAttribute("notice", outcome.created()
                ? "Payment of " + outcome.payment().getAmount() + " recorded."
                : "This reference was recorded before; nothing was added.");
        return "redirect:/console/clients/" + id;
    }

    /**
     * Gives the client a credit by hand, as {@code POST /api/v1/clients/{id}/credits} does; the form's one-time key
     * keeps a form sent twice (a double click, a reload) from crediting twice.
     */
    @PostMapping("/{id}/credits")
    String credit(@PathVariable long id, @RequestParam(required = false) String amount,
            @RequestParam(required = false) String description, @RequestParam(required = false) String creditKey,
            Model model, RedirectAttributes flash) {
        clients.client(id);
        FormErrors errors = FormErrors.none();
        CreditForm form = new CreditForm(amount(amount, errors), description, null);
        String key = PageForms.requestKey("creditKey", creditKey, errors);
        Given given = forms.submit(form, errors, f -> credits.give(id, null, f.amount(), f.description(), key));
        if (given == null) {
            return page(id, OlderRows.NEWEST, model, Map.of(), FormErrors.none(), Map.of("amount",
                    amount == null ? "" : amount,
                    "description", description == null ? "" : description), errors);
        }
        flash.addFlashAttribute("notice", given.givenBefore() ? "This credit was given already; nothing was added."
                : "Credit of " + given.credit().getAmount() + " given.");
        return "redirect:/console/clients/" + id;
    }

    /**
     * An amount typed into a form: blank is "must not be blank", as every blank field of the console's forms says
     * (the API's {@code @NotNull} said "must not be null" here), anything but plain decimal notation
     * ({@link StrictNumbers}) a problem of {@code amount}: a comma was read as the decimal point, so a payment of
     * {@code 1,000} recorded 1.00.
     */
    private static BigDecimal amount(String typed, FormErrors errors) {
        if (typed == null || typed.isBlank()) {
            errors.add("amount", "must not be blank");
            return null;
        }
        try {
            return StrictNumbers.plainDecimal(typed);
        } catch (NumberFormatException e) {
            errors.add("amount", StrictNumbers.AMOUNT);
            return null;
        }
    }

    private String page(long id, Map<String, Object> query, Model model, Map<String, String> typed,
            FormErrors errors, Map<String, String> creditTyped, FormErrors creditErrors) {
        Client client = clients.client(id);
        YearMonth before = (YearMonth) query.get(OlderRows.BEFORE);
        String path = "/console/clients/" + id;
        model.addAttribute("client", client);
        model.addAttribute("accounts", accounts.accounts(id));
        OlderRows<Payment> paid = OlderRows.of(path, query, PAYMENTS, ROWS, (page, size) -> payments.payments(id,
                page, size));
        model.addAttribute("payments", paid.rows());
        model.addAttribute("paymentPages", paid);
        StatementPage statement = expenses.statement(id, before, STATEMENT_LINES);
        model.addAttribute("months", Statements.byMonth(statement.expenses()));
        model.addAttribute("olderMonths", statement.olderBefore() == null ? null
                : OlderRows.months(path, query, statement.olderBefore()));
        model.addAttribute("newestMonths", before == null ? null : OlderRows.months(path, query, null));
        OlderRows<Credit> credited = OlderRows.of(path, query, CREDITS, ROWS, (page, size) -> expenses.credits(id,
                page, size));
        model.addAttribute("credits", credited.rows());
        model.addAttribute("creditPages", credited);
        model.addAttribute("typed", typed == null ? Map.of() : typed);
        model.addAttribute("errors", errors);
        model.addAttribute("creditTyped", creditTyped);
        model.addAttribute("creditErrors", creditErrors);
        model.addAttribute("creditKey", UUID.randomUUID().toString());
        return "console/client";
    }
}
