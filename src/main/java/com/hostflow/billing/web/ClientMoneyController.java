package com.hostflow.billing.web;

import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.billing.AccountService;
import com.hostflow.billing.AccountService.AccountBalance;
import com.hostflow.billing.ExpenseService;
import com.hostflow.clients.ClientAccess;
import com.hostflow.clients.ClientService;
import com.hostflow.common.web.FieldProblems;
import com.hostflow.common.web.PageNumber;
import com.hostflow.common.web.StorableDate;
import com.hostflow.services.ServiceQueries;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** A client's balance, expenses and credits; a CLIENT sees only its own. */
@RestController
@RequestMapping("/api/v1/clients/{clientId}")
@Validated
@Tag(name = "Accounts and expenses", description = "A client's balance and what it was charged and credited."
        + " A CLIENT sees only its own (404 for others).")
class ClientMoneyController {

    private final AccountService accounts;
    private final ExpenseService expenses;
    private final ClientService clients;
    private final ClientAccess access;
    private final ServiceQueries serviceQueries;

    ClientMoneyController(AccountService accounts, ExpenseService expenses, ClientService clients,
            ClientAccess access, ServiceQueries serviceQueries) {
        this.accounts = accounts;
        this.expenses = expenses;
        this.clients = clients;
        this.access = access;
        this.serviceQueries = serviceQueries;
    }

    /** The account at the client's own provider, or at {@code providerId}. */
    @GetMapping("/account")
    @Operation(summary = "Get a client's balance", description = "The account at the client's own provider, or at"
            + " `providerId`: `{\"balance\": \"25.00\", \"currency\": \"EUR\"}`.")
    AccountResponse account(@PathVariable long clientId, @RequestParam(required = false) Long providerId) {
        access.requireVisible(clientId);
        long provider = providerId != null ? providerId : clients.client(clientId).getProviderId();
        AccountBalance account = accounts.account(clientId, provider);
        return new AccountResponse(account.balance(), account.currency());
    }

    /** Expenses overlapping {@code [from, to)}, optionally of one service, oldest first. */
    @GetMapping("/expenses")
    @Operation(summary = "List a client's expenses", description = "Charges overlapping [`from`, `to`), optionally"
            + " of one service (for a CLIENT another client's or an unknown service is 404), oldest first; with split expenses a charge appears per calendar month. Paged by `page`"
            + " (from 0) and `size` (default and at most 1000): a page shorter than `size` is the last.")
    List<ExpenseResponse> expenses(@PathVariable long clientId, @RequestParam(required = false) Long serviceId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "0") @PageNumber int page,
            @RequestParam(defaultValue = "1000") @Min(1) @Max(1000) int size) {
        access.requireVisible(clientId);
        serviceQueries.checkServiceFilter(serviceId);
        new FieldProblems().addIf(!StorableDate.fits(from), "from", StorableDate.RANGE)
                .addIf(!StorableDate.fits(to), "to", StorableDate.RANGE)
                // an empty list said nothing of the mix-up; [from, from) is empty, and allowed
                .addIf(from != null && to != null && to.isBefore(from), "to", "must not be before from (" + from + ")")
                .throwIfAny();
        return expenses.expenses(clientId, serviceId, from, to, page, size).stream().map(ExpenseResponse::of)
                .toList();
    }

    /** Refunds, proration credits and adjustments, newest first. */
    @GetMapping("/credits")
    @Operation(summary = "List a client's credits", description = "Refunds, proration credits and adjustments,"
            + " newest first. Paged by `page` (from 0) and `size` (default and at most 1000).")
    List<CreditResponse> credits(@PathVariable long clientId, @RequestParam(defaultValue = "0") @PageNumber int page,
            @RequestParam(defaultValue = "1000") @Min(1) @Max(1000) int size) {
        access.requireVisible(clientId);
        return expenses.credits(clientId, page, size).stream().map(CreditResponse::of).toList();
    }
}
