package com.hostflow.billing;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.common.database.RememberedEntities;
import com.hostflow.common.web.InvalidInputException;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

/**
 * The only writer of balances. Every movement first locks the account row ({@code SELECT ... FOR UPDATE}), so
 * concurrent payments and charges on one account run one after the other: each sees the balance the previous one
 * committed, and an idempotency key checked under the lock cannot be used twice.
 */
@Component
class AccountLedger {

    private final AccountRepository accounts;
    private final CatalogLookup catalog;
    private final EntityManager entityManager;
    private final Clock clock;

    AccountLedger(AccountRepository accounts, CatalogLookup catalog, EntityManager entityManager, Clock clock) {
        this.accounts = accounts;
        this.catalog = catalog;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** The client's account at the provider, created (balance 0, the provider's currency) when missing. */
    @Transactional(propagation = Propagation.MANDATORY)
    Account open(long clientId, long providerId) {
        return accounts.findByClientIdAndProviderId(clientId, providerId).orElseGet(() -> {
            // the provider's row held until the account commits: a change of its currency either waits for the
            // account and refuses (409), or the account waits for the change and opens in the new currency
            catalog.holdProvider(providerId);
            String currency = catalog.providerCurrency(providerId)
                    .orElseThrow(() -> new InvalidInputException("providerId", "unknown provider " + providerId));
            // payments into an account not yet opened, at once: each opens it or finds it opened
            accounts.openIfMissing(clientId, providerId, currency, now());
            return accounts.findByClientIdAndProviderId(clientId, providerId).orElseThrow();
        });
    }

    /**
     * The account, locked until the transaction ends, with the balance as last committed. The row is re-read under
     * the lock even when this transaction has loaded it before, so a stale copy never overwrites a newer balance.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Account lock(long clientId, long providerId) {
        if (!RememberedEntities.holdsAny(entityManager, Account.class)) {
            Optional<Account> locked = accounts.lockByClientIdAndProviderId(clientId, providerId);
            if (locked.isPresent()) {
                return locked.get();
            }
        }
        Long id = accounts.findIdByClientIdAndProviderId(clientId, providerId)
                .orElseGet(() -> open(clientId, providerId).getId());
        return lock(id);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Account lock(long accountId) {
        if (RememberedEntities.remembered(entityManager, Account.class, accountId).isEmpty()) {
            // one SELECT ... FOR UPDATE reads the row as last committed, under the lock
            return entityManager.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        }
        Account account = entityManager.find(Account.class, accountId);
        entityManager.refresh(account, LockModeType.PESSIMISTIC_WRITE);
        return account;
    }

    Instant now() {
        return clock.instant();
    }
}
