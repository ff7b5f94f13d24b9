package com.hostflow.billing;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.common.web.NotFoundException;

/** Opening accounts and reading balances. */
@Service
public class AccountService {

    private final AccountRepository accounts;
    private final AccountLedger ledger;

    AccountService(AccountRepository accounts, AccountLedger ledger) {
        this.accounts = accounts;
        this.ledger = ledger;
    }

    /** A client's money at one provider. */
    public record AccountBalance(long clientId, long providerId, BigDecimal balance, String currency) {

        static AccountBalance of(Account account) {
            return new AccountBalance(account.getClientId(), account.getProviderId(), account.getBalance(),
                    account.getCurrency());
        }
    }

    /**
     * Opens the client's account at the provider (balance 0, the provider's currency); does nothing when it exists.
     * Joins the caller's transaction, so a client and its account are created together.
     *
     * @throws com.hostflow.common.web.InvalidInputException naming {@code providerId} for an unknown provider
     */
    @Transactional
    public AccountBalance openAccount(long clientId, long providerId) {
        return AccountBalance.of(ledger.open(clientId, providerId));
    }

    /** @throws NotFoundException when the client has no account at the provider */
    @Transactional(readOnly = true)
    public AccountBalance account(long clientId, long providerId) {
        return accounts.findByClientIdAndProviderId(clientId, providerId).map(AccountBalance::of)
                .orElseThrow(() -> new NotFoundException("account of client " + clientId + " at provider", providerId));
    }

    @Transactional(readOnly = true)
    public List<AccountBalance> accounts(long clientId) {
        return accounts.findByClientIdOrderById(clientId).stream().map(AccountBalance::of).toList();
    }
}
