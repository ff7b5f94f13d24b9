package com.hostflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.hostflow.billing.BillingTestData.TestClient;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.support.IntegrationTest;

/** Real transactions on embedded PostgreSQL, started together from many threads. */
@IntegrationTest
class AccountConcurrencyTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    ApplicationContext context;

    @Autowired
    BillingService billing;

    @Autowired
    PaymentService payments;

    @Autowired
    JdbcTemplate jdbc;

    /** payments − charges + credits of a client, from the movement rows. */
    static BigDecimal ledgerSum(JdbcTemplate jdbc, long clientId) {
        return jdbc.queryForObject("""
                select (select coalesce(sum(amount), 0) from hostflow.payment where client_id = ?)
                     - (select coalesce(sum(amount), 0) from hostflow.charge where client_id = ?)
                     + (select coalesce(sum(amount), 0) from hostflow.credit where client_id = ?)""",
                BigDecimal.class, clientId, clientId, clientId);
    }

    @Test
    void fiftyChargesAndFiftyPaymentsAtOnceEndOnTheExactBalance() throws Exception {
        BillingTestData data = new BillingTestData(http, context);
        TestClient client = data.client(data.provider("EUR"));
        TariffTerms tariff = data.tariff(client.providerId(), true);
        data.pay(client, "50.00");

        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Object>> work = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String key = "parallel-" + client.id() + "-" + i;
            work.add(() -> {
                start.await();
                return billing.charge(new ChargeRequest(key, client.id(), tariff.id(), (long) i(key),
                        new BigDecimal("1.01"), LocalDate.parse("2024-08-15"), LocalDate.parse("2024-11-15"), "VPS"));
            });
            work.add(() -> {
                start.await();
                return payments.receive(client.id(), client.providerId(), new BigDecimal("2.02"), key);
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (Callable<Object> task : work) {
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Object> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // 50.00 + 50 × 2.02 − 50 × 1.01
        assertThat(new BigDecimal(data.balance(client))).isEqualByComparingTo("100.50");
        assertThat(ledgerSum(jdbc, client.id())).isEqualByComparingTo("100.50");
        assertThat(jdbc.queryForObject("select count(*) from hostflow.charge where client_id = ?", Long.class, client.id()))
                .isEqualTo(50);
        assertThat(jdbc.queryForObject("select sum(amount) from hostflow.expense where client_id = ?", BigDecimal.class,
                client.id())).isEqualByComparingTo("50.50");
    }

    @Test
    void aPaymentArrivingTenTimesAtOnceIsCreditedOnce() throws Exception {
        BillingTestData data = new BillingTestData(http, context);
        TestClient client = data.client(data.provider("EUR"));
        String externalId = "dup-" + client.id();

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<PaymentService.PaymentOutcome>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return payments.receive(client.id(), client.providerId(), new BigDecimal("7.00"), externalId);
                }));
            }
            start.countDown();
            long created = 0;
            for (Future<PaymentService.PaymentOutcome> result : results) {
                if (result.get(60, TimeUnit.SECONDS).created()) {
                    created++;
                }
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(data.balance(client)).isEqualTo("7.00");
    }

    private static int i(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
    }
}
