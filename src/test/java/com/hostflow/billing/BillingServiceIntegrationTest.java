package com.hostflow.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.hostflow.billing.BillingTestData.TestClient;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.common.web.BusinessRuleException;
import com.hostflow.support.IntegrationTest;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

@IntegrationTest
class BillingServiceIntegrationTest {

    static final LocalDate AUG_15 = LocalDate.parse("2024-08-15");
    static final LocalDate NOV_15 = LocalDate.parse("2024-11-15");

    @Autowired
    TestRestTemplate http;

    @Autowired
    ApplicationContext context;

    @Autowired
    BillingService billing;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PaymentService payments;

    @Autowired
    PlatformTransactionManager transactions;

    BillingTestData data;
    TestClient client;

    @BeforeEach
    void setUp() {
        data = new BillingTestData(http, context);
        client = data.client(data.provider("EUR"));
    }

    private ChargeRequest charge(String key, TariffTerms tariff, String amount, LocalDate from, LocalDate to) {
        return new ChargeRequest("billing-test-" + key + "-" + client.id(), client.id(), tariff.id(), 7L, new BigDecimal(amount),
                from, to, "VPS, 3 months");
    }

    @Test
    void aChargeAcrossMonthsIsBookedPerCalendarMonth() {
        TariffTerms tariff = data.tariff(client.providerId(), true);
        data.pay(client, "50.00");

        billing.charge(charge("order", tariff, "30.00", AUG_15, NOV_15));

        JsonNode expenses = data.as(client).getForObject("/api/v1/clients/" + client.id() + "/expenses",
                JsonNode.class);
        assertThat(expenses).hasSize(4);
        assertThat(expenses.findValuesAsText("from"))
                .containsExactly("2024-08-15", "2024-09-01", "2024-10-01", "2024-11-01");
        assertThat(expenses.findValuesAsText("to"))
                .containsExactly("2024-09-01", "2024-10-01", "2024-11-01", "2024-11-15");
        assertThat(expenses.findValuesAsText("amount")).containsExactly("5.54", "9.78", "10.11", "4.57");
        assertThat(expenses.findValuesAsText("serviceId")).containsOnly("7");
        assertThat(data.balance(client)).isEqualTo("20.00");

        JsonNode september = data.as(client).getForObject("/api/v1/clients/" + client.id()
                + "/expenses?from=2024-09-01&to=2024-10-01", JsonNode.class);
        assertThat(september.findValuesAsText("amount")).containsExactly("9.78");

        // dates the wrong way round answered an empty list, as if nothing had been spent
        org.springframework.http.ResponseEntity<JsonNode> backwards = data.as(client).getForEntity("/api/v1/clients/"
                + client.id() + "/expenses?from=2024-10-01&to=2024-09-01", JsonNode.class);
        assertThat(backwards.getStatusCode().value()).isEqualTo(400);
        assertThat(backwards.getBody().get("errors").findValuesAsText("field")).containsExactly("to");
    }

    @Test
    void withoutSplittingAChargeIsOneExpense() {
        TariffTerms tariff = data.tariff(client.providerId(), false);
        data.pay(client, "50.00");

        billing.charge(charge("order", tariff, "27.00", AUG_15, NOV_15));

        JsonNode expenses = data.admin().getForObject("/api/v1/clients/" + client.id() + "/expenses",
                JsonNode.class);
        assertThat(expenses).hasSize(1);
        assertThat(expenses.get(0).get("amount").asText()).isEqualTo("27.00");
        assertThat(expenses.get(0).get("description").asText()).isEqualTo("VPS, 3 months");
    }

    @Test
    void aRepeatedChargeKeyChargesOnce() {
        TariffTerms tariff = data.tariff(client.providerId(), false);
        data.pay(client, "50.00");

        BillingService.ChargeReceipt first = billing.charge(charge("prolong", tariff, "10.00", AUG_15, NOV_15));
        BillingService.ChargeReceipt again = billing.charge(charge("prolong", tariff, "10.00", AUG_15, NOV_15));

        assertThat(first.repeated()).isFalse();
        assertThat(again.repeated()).isTrue();
        assertThat(again.chargeId()).isEqualTo(first.chargeId());
        assertThat(data.balance(client)).isEqualTo("40.00");
    }

    @Test
    void aChargeTheBalanceDoesNotCoverWritesNothing() {
        TariffTerms tariff = data.tariff(client.providerId(), true);
        data.pay(client, "9.99");

        assertThatThrownBy(() -> billing.charge(charge("order", tariff, "10.00", AUG_15, NOV_15)))
                .isInstanceOfSatisfying(BusinessRuleException.class,
                        e -> assertThat(e.code()).isEqualTo(BillingService.INSUFFICIENT_FUNDS));

        assertThat(data.balance(client)).isEqualTo("9.99");
        assertThat(jdbc.queryForObject("select count(*) from hostflow.charge where client_id = ?", Long.class, client.id()))
                .isZero();
        assertThat(billing.canAfford(client.id(), client.providerId(), new BigDecimal("9.99"))).isTrue();
        assertThat(billing.canAfford(client.id(), client.providerId(), new BigDecimal("10.00"))).isFalse();
    }

    @Test
    void anUpgradeChargesAndADowngradeCreditsTheProratedDifference() {
        TariffTerms tariff = data.tariff(client.providerId(), false);
        data.pay(client, "20.00");
        LocalDate march1 = LocalDate.parse("2025-03-01");
        LocalDate april1 = LocalDate.parse("2025-04-01");
        LocalDate march17 = LocalDate.parse("2025-03-17");

        // RAM 2048 → 6144: 4 steps × 2.00 = 8.00 a month more; 15 of 31 days left
        BigDecimal up = billing.changeParameters("up-" + client.id(), client.id(), tariff.id(), 7L, Period.MONTH,
                Map.of("ram", 2048L), Map.of("ram", 6144L), oneMonth(march1, april1), march17);
        assertThat(up).isEqualTo("3.87");
        assertThat(data.balance(client)).isEqualTo("16.13");

        BigDecimal down = billing.changeParameters("down-" + client.id(), client.id(), tariff.id(), 7L,
                Period.MONTH, Map.of("ram", 6144L), Map.of("ram", 4096L), oneMonth(march1, april1), march17);
        assertThat(down).isEqualTo("-1.94");
        assertThat(data.balance(client)).as("a decrease is credited once the module applied it").isEqualTo("16.13");
        assertThat(billing.bookHeldCredits("down-" + client.id())).isEqualTo("1.94");
        assertThat(data.balance(client)).isEqualTo("18.07");
        assertThat(billing.bookHeldCredits("down-" + client.id())).as("booked once").isEqualTo("0.00");
        assertThat(data.balance(client)).isEqualTo("18.07");
        assertThat(jdbc.queryForObject("select kind from hostflow.credit where credit_key = ?", String.class,
                "down-" + client.id())).isEqualTo("PRORATION");
    }

    @Test
    void aDecreaseTheModuleDidNotApplyIsNeverCreditedAndItsDropAnswersTheSameAgain() {
        TariffTerms tariff = data.tariff(client.providerId(), false);
        data.pay(client, "31.00");
        LocalDate march1 = LocalDate.parse("2025-03-01");
        LocalDate april1 = LocalDate.parse("2025-04-01");
        billing.charge(new ChargeRequest("order-n-" + client.id(), client.id(), tariff.id(), 98L,
                new BigDecimal("31.00"), march1, april1, "VPS"));
        String balance = data.balance(client);

        BigDecimal down = billing.changeParameters("down-n-" + client.id(), client.id(), tariff.id(), 98L,
                Period.MONTH, Map.of("ram", 4096L), Map.of("ram", 2048L), oneMonth(march1, april1), march1);
        assertThat(down).isEqualTo("-4.00");
        assertThat(billing.changeParameters("down-n-" + client.id(), client.id(), tariff.id(), 98L, Period.MONTH,
                Map.of("ram", 4096L), Map.of("ram", 2048L), oneMonth(march1, april1), march1))
                .as("sent again under its key").isEqualTo("-4.00");
        assertThat(billing.dropHeldCredits("down-n-" + client.id())).isEqualTo("4.00");
        assertThat(billing.dropHeldCredits("down-n-" + client.id())).as("the same again").isEqualTo("4.00");
        assertThat(billing.bookHeldCredits("down-n-" + client.id())).as("dropped, never booked").isEqualTo("0.00");
        assertThat(data.balance(client)).isEqualTo(balance);
        assertThat(jdbc.queryForObject("select count(*) from hostflow.credit where client_id = ?", Long.class,
                client.id())).isZero();
    }

    @Test
    void deletingAtOnceRefundsTheUnusedWholeDays() {
        TariffTerms tariff = data.tariff(client.providerId(), true);
        data.pay(client, "31.00");
        billing.charge(new ChargeRequest("order-r-" + client.id(), client.id(), tariff.id(), 99L,
                new BigDecimal("31.00"), LocalDate.parse("2025-03-01"), LocalDate.parse("2025-04-01"), "VPS"));
        assertThat(data.balance(client)).isEqualTo("0.00");

        BigDecimal refund = billing.refundUnused("delete-" + client.id(), client.id(), 99L, tariff.productType(),
                LocalDate.parse("2025-03-10"));
        BigDecimal again = billing.refundUnused("delete-" + client.id(), client.id(), 99L, tariff.productType(),
                LocalDate.parse("2025-03-10"));

        assertThat(refund).isEqualTo("21.00");
        assertThat(again).isEqualTo("21.00");
        assertThat(data.balance(client)).isEqualTo("21.00");
        JsonNode credits = data.as(client).getForObject("/api/v1/clients/" + client.id() + "/credits",
                JsonNode.class);
        assertThat(credits).hasSize(1);
        assertThat(credits.get(0).get("kind").asText()).isEqualTo("REFUND");
        assertThat(credits.get(0).get("amount").asText()).isEqualTo("21.00");
        assertThat(credits.get(0).get("from").asText()).isEqualTo("2025-03-11");
        assertThat(credits.get(0).get("to").asText()).isEqualTo("2025-04-01");
    }

    @Test
    void whatWasRefundedBeforeIsNotRefundedAgain() {
        TariffTerms tariff = data.tariff(client.providerId(), false);
        data.pay(client, "31.00");
        billing.charge(new ChargeRequest("order-f-" + client.id(), client.id(), tariff.id(), 98L,
                new BigDecimal("31.00"), LocalDate.parse("2025-03-01"), LocalDate.parse("2025-04-01"), "VPS"));
        billing.credit(new CreditRequest("order-refund-f-" + client.id(), client.id(), client.providerId(), 98L,
                CreditKind.REFUND, new BigDecimal("31.00"), null, null, "Setup failed"));

        BigDecimal refund = billing.refundUnused("delete-f-" + client.id(), client.id(), 98L, tariff.productType(),
                LocalDate.parse("2025-03-10"));

        assertThat(refund).isEqualTo("0.00");
        assertThat(data.balance(client)).isEqualTo("31.00");
    }

    /**
     * A parameter change still in progress when the service is deleted is given back whole by its own undo once the
     * module refuses it: the refund leaves it out, or its unused days came back twice.
     */
    @Test
    void aParameterChangeStillInProgressIsLeftOutOfTheRefund() {
        TariffTerms tariff = data.tariff(client.providerId(), false);
        data.pay(client, "40.00");
        LocalDate march1 = LocalDate.parse("2025-03-01");
        LocalDate april1 = LocalDate.parse("2025-04-01");
        billing.charge(new ChargeRequest("order-p-" + client.id(), client.id(), tariff.id(), 96L,
                new BigDecimal("31.00"), march1, april1, "VPS"));
        // up from 2048 to 4096 on March 1: 4.00 for the month
        String change = "param-p-" + client.id();
        assertThat(billing.changeParameters(change, client.id(), tariff.id(), 96L, Period.MONTH,
                Map.of("ram", 2048L), Map.of("ram", 4096L), oneMonth(march1, april1), march1)).isEqualTo("4.00");

        // deleted on March 10: 21/31 of 31.00 = 21.00; the change's 4.00 is its undo's to give back
        BigDecimal refund = billing.refundUnused("delete-p-" + client.id(), client.id(), 96L, tariff.productType(),
                LocalDate.parse("2025-03-10"), Set.of(change));

        assertThat(refund).isEqualTo("21.00");
        assertThat(data.balance(client)).isEqualTo("26.00");
    }

    @Test
    void aDowngradeCreditReducesTheRefund() {
        TariffTerms tariff = data.tariff(client.providerId(), false);
        data.pay(client, "31.00");
        LocalDate march1 = LocalDate.parse("2025-03-01");
        LocalDate april1 = LocalDate.parse("2025-04-01");
        // 31.00 for the 31 days of March keeps the day arithmetic plain
        billing.charge(new ChargeRequest("order-d-" + client.id(), client.id(), tariff.id(), 97L,
                new BigDecimal("31.00"), march1, april1, "VPS"));
        // down from 4096 to 2048 on March 1: the whole 4.00 comes back as a proration credit
        BigDecimal down = billing.changeParameters("down-d-" + client.id(), client.id(), tariff.id(), 97L,
                Period.MONTH, Map.of("ram", 4096L), Map.of("ram", 2048L), oneMonth(march1, april1), march1);
        assertThat(down).isEqualTo("-4.00");
        billing.bookHeldCredits("down-d-" + client.id()); // the module applied it

        // deleted on March 10: 21/31 of 31.00 = 21.00, less 21/31 of 4.00 = 2.71
        BigDecimal refund = billing.refundUnused("delete-d-" + client.id(), client.id(), 97L, tariff.productType(),
                LocalDate.parse("2025-03-10"));

        assertThat(refund).isEqualTo("18.29");
        assertThat(data.balance(client)).isEqualTo("22.29");
    }

    private static List<BillingService.PaidPeriod> oneMonth(LocalDate from, LocalDate to) {
        return List.of(new BillingService.PaidPeriod(Period.MONTH, from, to));
    }

    @Test
    void pricesComeFromTheCatalog() {
        TariffTerms tariff = data.tariff(client.providerId(), false);

        assertThat(billing.price(tariff.id(), Period.QUARTER, Map.of("ram", 4096L))).isEqualTo("39.00");
        assertThat(billing.addonProblems(tariff.id(), Map.of("ram", 4000L))).hasSize(1);
        assertThat(billing.periodEnd(LocalDate.parse("2024-01-31"), Period.MONTH, 0))
                .contains(LocalDate.parse("2024-02-29"));
    }

    @Test
    void theBalanceIsAlwaysPaymentsMinusChargesPlusCredits() {
        TariffTerms tariff = data.tariff(client.providerId(), true);
        data.pay(client, "40.00");
        billing.charge(charge("a", tariff, "30.00", AUG_15, NOV_15));
        billing.credit(new CreditRequest("goodwill-" + client.id(), client.id(), client.providerId(), null,
                CreditKind.ADJUSTMENT, new BigDecimal("2.50"), null, null, "Goodwill"));

        assertThat(data.balance(client)).isEqualTo("12.50");
        assertThat(AccountConcurrencyTest.ledgerSum(jdbc, client.id())).isEqualByComparingTo("12.50");
    }

    /**
     * A credit and a payment are logged once they committed: one rolled back (a cancellation's refund that lost its
     * race, the same payment sent twice at once) logs nothing. Each logged "credited" or "payment" first, and then
     * the rollback took the money away again.
     */
    @Test
    void aCreditOrPaymentRolledBackLogsNothing() {
        ListAppender<ILoggingEvent> said = new ListAppender<>();
        List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger(BillingService.class),
                (Logger) LoggerFactory.getLogger(PaymentService.class));
        said.start();
        loggers.forEach(logger -> logger.addAppender(said));
        try {
            new TransactionTemplate(transactions).executeWithoutResult(lost -> {
                billing.credit(new CreditRequest("rolled-back-" + client.id(), client.id(), client.providerId(),
                        null, CreditKind.REFUND, new BigDecimal("4.00"), null, null, "Refund of a lost race"));
                payments.receive(client.id(), client.providerId(), new BigDecimal("6.00"), "rolled-back-"
                        + client.id());
                lost.setRollbackOnly();
            });
            assertThat(said.list).extracting(ILoggingEvent::getFormattedMessage).as("logged of a rollback")
                    .isEmpty();

            billing.credit(new CreditRequest("committed-" + client.id(), client.id(), client.providerId(), null,
                    CreditKind.REFUND, new BigDecimal("4.00"), null, null, "Refund"));
        } finally {
            loggers.forEach(logger -> logger.detachAppender(said));
        }
        assertThat(said.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("credited 4.00 EUR to"
                + " client " + client.id() + " (REFUND, committed-" + client.id() + ")");
        assertThat(data.balance(client)).isEqualTo("4.00");
    }
}
