package com.hostflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.hostflow.billing.BillingTestData.TestClient;
import com.hostflow.common.database.RememberedEntities;
import com.hostflow.support.IntegrationTest;

import jakarta.persistence.EntityManager;

/** The ledger decides on the balance as last committed, whatever the transaction read before it locked the row. */
@IntegrationTest
class AccountLedgerTest {

    @Autowired
    AccountLedger ledger;

    @Autowired
    AccountRepository accounts;

    @Autowired
    EntityManager entityManager;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    TestRestTemplate http;

    @Autowired
    ApplicationContext context;

    @Test
    void aTransactionHoldingNoAccountGetsTheCommittedBalanceUnderTheLock() {
        Account account = newAccount();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            assertThat(RememberedEntities.holdsAny(entityManager, Account.class)).isFalse();
            creditElsewhere(account, "10.00");

            Account locked = ledger.lock(account.getClientId(), account.getProviderId());

            assertThat(locked.getId()).isEqualTo(account.getId());
            assertThat(locked.getBalance()).isEqualByComparingTo("10.00");
            assertThat(RememberedEntities.holdsAny(entityManager, Account.class)).isTrue();
        });
    }

    @Test
    void aCopyReadEarlierInTheTransactionIsReadAgainUnderTheLock() {
        Account account = newAccount();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            Account early = accounts.findById(account.getId()).orElseThrow();
            creditElsewhere(account, "12.50");

            Account locked = ledger.lock(account.getClientId(), account.getProviderId());

            // a locking query would answer the copy held since before the credit: 0.00
            assertThat(locked).isSameAs(early);
            assertThat(locked.getBalance()).isEqualByComparingTo("12.50");
        });
    }

    private Account newAccount() {
        BillingTestData data = new BillingTestData(http, context);
        TestClient client = data.client(data.provider("EUR"));
        return accounts.findByClientIdAndProviderId(client.id(), client.providerId()).orElseThrow();
    }

    /** Another transaction changes the balance and commits while the test's own transaction runs. */
    private void creditElsewhere(Account account, String amount) {
        TransactionTemplate other = new TransactionTemplate(transactions);
        other.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        other.executeWithoutResult(status -> jdbc.update(
                "update hostflow.account set balance = balance + cast(? as numeric) where id = ?", amount,
                account.getId()));
    }
}
