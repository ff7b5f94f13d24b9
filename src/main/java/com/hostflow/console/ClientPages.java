package com.hostflow.console;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.hostflow.billing.AccountService;
import com.hostflow.billing.AccountService.AccountBalance;
import com.hostflow.billing.ExpenseService;
import com.hostflow.billing.PaymentService;
import com.hostflow.billing.PaymentService.PaymentOutcome;
import com.hostflow.billing.web.PaymentRequest;
import com.hostflow.clients.Client;
import com.hostflow.clients.ClientService;

/** Clients with their balance; a client's page with payments (an admin records one), expenses and credits. */
@Controller
@RequestMapping("/console/clients")
class ClientPages {

    private final ClientService clients;
    private final AccountService accounts;
    private final PaymentService payments;
    private final ExpenseService expenses;
    private final PageForms forms;

    ClientPages(ClientService clients, AccountService accounts, PaymentService payments, ExpenseService expenses,
            PageForms forms) {
        this.clients = clients;
        this.accounts = accounts;
        this.payments = payments;
        this.expenses = expenses;
        this.forms = forms;
    }

    @GetMapping
    String list(@RequestParam(defaultValue = "0") int page, Model model) {
        List<Client> list = clients.clients(Math.max(page, 0), 100);
        Map<Long, List<AccountBalance>> balances = new LinkedHashMap<>();
        list.forEach(c -> balances.put(c.getId(), accounts.accounts(c.getId())));
        model.addAttribute("clients", list);
        model.addAttribute("balances", balances);
        model.addAttribute("page", page);
        return "console/clients";
    }

    @GetMapping("/{id}")
    String client(@PathVariable long id, Model model) {
        return page(id, model, null, FormErrors.none());
    }

    /** Records money that arrived for the client, as {@code POST /api/v1/payments} does. */
    @PostMapping("/{id}/payments")
    String pay(@PathVariable long id, @RequestParam(required = false) String amount,
            @RequestParam(required = false) String externalId, Model model, RedirectAttributes flash) {
        Client client = clients.client(id);
        FormErrors errors = FormErrors.none();
        BigDecimal value = null;
        try {
            value = amount == null || amount.isBlank() ? null : new BigDecimal(amount.trim().replace(',', '.'));
        } catch (NumberFormatException e) {
            errors.add("amount", "must be an amount like 25.00");
        }
        PaymentRequest request = new PaymentRequest(client.getId(), value,
                externalId == null || externalId.isBlank() ? null : externalId.trim(), null);
        PaymentOutcome outcome = forms.submit(request, errors, r -> payments.receiveForClient(r.clientId(),
                r.providerId(), r.amount(), r.externalId()));
        if (outcome == null) {
            return page(id, model, Map.of("amount", amount == null ? "" : amount,
                    "externalId", externalId == null ? "" : externalId), errors);
        }
        flash.addFlashAttribute("notice", outcome.created()
                ? "Payment of " + outcome.payment().getAmount() + " recorded."
                : "This reference was recorded before; nothing was added.");
        return "redirect:/console/clients/" + id;
    }

    private String page(long id, Model model, Map<String, String> typed, FormErrors errors) {
        Client client = clients.client(id);
        model.addAttribute("client", client);
        model.addAttribute("accounts", accounts.accounts(id));
        model.addAttribute("payments", payments.payments(id, 0, 50));
        model.addAttribute("months", Statements.byMonth(expenses.expenses(id, null, null, null, 0, 500)));
        model.addAttribute("credits", expenses.credits(id, 0, 50));
        model.addAttribute("typed", typed == null ? Map.of() : typed);
        model.addAttribute("errors", errors);
        return "console/client";
    }
}
