package com.hostflow.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.util.ReflectionTestUtils;

import com.hostflow.catalog.CatalogLookup;
import com.hostflow.catalog.Period;
import com.hostflow.catalog.TariffTerms;
import com.hostflow.catalog.TariffTerms.AddonTerms;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A parameter change after the tariff's add-on prices changed (helper-72's billing probe): a decrease is priced at
 * the current prices but never credits more than the unused part of what the period was charged for its add-ons.
 * BillingService over in-memory charges and credits, so any sequence of price and parameter changes runs in
 * microseconds. One paid MONTH, March 2025 (31 days); the tariff costs 10.00, RAM 2048 included, steps of 1024.
 */
class PriceChangeCreditTest {

    static final LocalDate MARCH_1 = LocalDate.parse("2025-03-01");
    static final LocalDate APRIL_1 = LocalDate.parse("2025-04-01");
    static final long CLIENT = 5;
    static final long SERVICE = 9;

    /** The ledger of one client and service, with the tariff's RAM step price an admin can change. */
    static final class Ledger {
        final List<Charge> charges = new ArrayList<>();
        final List<Credit> credits = new ArrayList<>();
        final Account account = new Account(CLIENT, 1, "EUR", Instant.EPOCH);
        BigDecimal stepPrice;
        final BillingService billing;
        int changes;

        Ledger(String stepPrice) {
            this.stepPrice = new BigDecimal(stepPrice);
            ReflectionTestUtils.setField(account, "id", 1L);
            account.add(new BigDecimal("1000.00"));
            CatalogLookup catalog = mock(CatalogLookup.class);
            when(catalog.tariff(anyLong())).thenAnswer(i -> Optional.of(tariff()));
            when(catalog.productType(anyString())).thenReturn(Optional.empty());
            AccountLedger ledger = mock(AccountLedger.class);
            when(ledger.lock(anyLong(), anyLong())).thenReturn(account);
            when(ledger.now()).thenReturn(Instant.EPOCH);
            ChargeRepository chargeRepository = mock(ChargeRepository.class);
            when(chargeRepository.findByChargeKey(anyString())).thenAnswer(i -> charges.stream()
                    .filter(c -> c.getChargeKey().equals(i.getArgument(0))).findFirst());
            when(chargeRepository.findByServiceIdOrderById(anyLong())).thenAnswer(i -> List.copyOf(charges));
            when(chargeRepository.save(any())).thenAnswer(i -> {
                ReflectionTestUtils.setField((Object) i.getArgument(0), "id", (long) charges.size() + 1);
                charges.add(i.getArgument(0));
                return i.getArgument(0);
            });
            CreditRepository creditRepository = mock(CreditRepository.class);
            when(creditRepository.findByCreditKey(anyString())).thenAnswer(i -> credits.stream()
                    .filter(c -> c.getCreditKey().equals(i.getArgument(0))).findFirst());
            when(creditRepository.findByServiceIdOrderById(anyLong())).thenAnswer(i -> List.copyOf(credits));
            when(creditRepository.save(any())).thenAnswer(i -> {
                ReflectionTestUtils.setField((Object) i.getArgument(0), "id", (long) credits.size() + 1);
                credits.add(i.getArgument(0));
                return i.getArgument(0);
            });
            ExpenseRepository expenses = mock(ExpenseRepository.class);
            billing = new BillingService(catalog, ledger, mock(AccountRepository.class), chargeRepository, expenses,
                    creditRepository, mock(BillingSettings.class), mock(ApplicationEventPublisher.class),
                    new HeldInMemory());
        }

        TariffTerms tariff() {
            return new TariffTerms(3, "vps", 1, null, "VPS", true, List.of(), null, null,
                    Map.of(Period.MONTH, new BigDecimal("10.00")), 0,
                    List.of(new AddonTerms("ram", 2048, 1024, 16384, 1024, Map.of(Period.MONTH, stepPrice))));
        }

        /** The order of March with {@code ram}, at the step price of now. */
        void order(long ram) {
            billing.charge(new ChargeRequest("order-1", CLIENT, 3, SERVICE,
                    Prices.price(tariff(), Period.MONTH, Map.of("ram", ram)), MARCH_1, APRIL_1, "VPS, MONTH"));
        }

        /** A change the module applied: its credit, if any, booked. */
        BigDecimal change(long oldRam, long newRam, LocalDate day) {
            String key = "param-" + SERVICE + "-" + ++changes;
            BigDecimal amount = billing.changeParameters(key, CLIENT, 3, SERVICE, Period.MONTH, Map.of("ram", oldRam),
                    Map.of("ram", newRam), List.of(new BillingService.PaidPeriod(Period.MONTH, MARCH_1, APRIL_1)), day);
            billing.bookHeldCredits(key);
            return amount;
        }

        BigDecimal charged() {
            return charges.stream().map(Charge::getAmount).reduce(Money.ZERO, BigDecimal::add);
        }

        BigDecimal credited() {
            return credits.stream().map(Credit::getAmount).reduce(Money.ZERO, BigDecimal::add);
        }
    }

    /** {@link HeldChangeCredits} in memory: a change's credits held until the module applied it, then booked. */
    static final class HeldInMemory extends HeldChangeCredits {
        final Map<String, CreditRequest> held = new LinkedHashMap<>();
        final Set<String> keys = new HashSet<>();

        HeldInMemory() {
            super(null);
        }

        @Override
        void hold(String changeKey, CreditRequest credit) {
            if (keys.add(credit.key())) {
                held.put(credit.key(), credit);
            }
        }

        @Override
        boolean holds(String creditKey) {
            return keys.contains(creditKey);
        }

        @Override
        List<CreditRequest> takeForBooking(String changeKey) {
            List<CreditRequest> taken = held.values().stream()
                    .filter(credit -> BillingService.changeOf(credit.key()).equals(changeKey)).toList();
            taken.forEach(credit -> held.remove(credit.key()));
            return taken;
        }
    }

    @Test
    void aPriceRaisedAfterPaymentCreditsNoMoreThanWasPaidForTheAddons() {
        Ledger ledger = new Ledger("2.00");
        ledger.order(4096); // 10.00 + 2 steps × 2.00
        assertThat(ledger.charged()).isEqualTo("14.00");
        ledger.stepPrice = new BigDecimal("10.00");

        // at the new price 2 × 10.00 = 20.00 for the whole month: it credited 20.00 for 14.00 paid
        assertThat(ledger.change(4096, 2048, MARCH_1)).isEqualTo("-4.00");
        assertThat(ledger.credited()).isEqualTo("4.00");
    }

    @Test
    void aPriceLoweredAfterPaymentCreditsTheRemovedPartAtTheLowerPrice() {
        Ledger ledger = new Ledger("2.00");
        ledger.order(4096);
        ledger.stepPrice = new BigDecimal("1.00");

        // priced at the current prices, as the quote shows it: 2 × 1.00, under the 4.00 paid for the add-ons
        assertThat(ledger.change(4096, 2048, MARCH_1)).isEqualTo("-2.00");
        // the same change on March 17, 15 of 31 days left: 2.00 × 15/31 = 0.97
        Ledger later = new Ledger("2.00");
        later.order(4096);
        later.stepPrice = new BigDecimal("1.00");
        assertThat(later.change(4096, 2048, LocalDate.parse("2025-03-17"))).isEqualTo("-0.97");
    }

    @Test
    void anIncreaseAfterAPriceChangeIsChargedAtTheNewPriceAndCanBeCreditedBack() {
        Ledger ledger = new Ledger("2.00");
        ledger.order(4096);
        ledger.stepPrice = new BigDecimal("10.00");

        // one step more on March 17: 10.00 × 15/31 = 4.84
        assertThat(ledger.change(4096, 5120, LocalDate.parse("2025-03-17"))).isEqualTo("4.84");
        // and back down the same day: the 4.84 just charged comes back (10.00 × 15/31)
        assertThat(ledger.change(5120, 4096, LocalDate.parse("2025-03-17"))).isEqualTo("-4.84");
        // down to the included 2048: what is left unused of the 4.00 paid, 4.00 × 15/31 = 1.93 (rounded down),
        // not 2 × 10.00 × 15/31 = 9.68
        assertThat(ledger.change(4096, 2048, LocalDate.parse("2025-03-17"))).isEqualTo("-1.93");
        assertThat(ledger.credited()).isEqualTo("6.77");
        assertThat(ledger.charged()).isEqualTo("18.84");
    }

    @Test
    void withoutAPriceChangeADecreaseCreditsAsBefore() {
        Ledger ledger = new Ledger("2.00");
        ledger.order(6144);
        // 4.00 × 15/31 = 1.94, the rule of the README (nothing capped)
        assertThat(ledger.change(6144, 4096, LocalDate.parse("2025-03-17"))).isEqualTo("-1.94");
    }

    @Test
    void withoutAPriceChangeDroppingEveryAddonCreditsAsBeforeNotACentLess() {
        Ledger ledger = new Ledger("2.00");
        ledger.order(4096);
        // 4.00 × 15/31 = 1.935..., rounded as every change is: 1.94 (capped and rounded down it was 1.93)
        assertThat(ledger.change(4096, 2048, LocalDate.parse("2025-03-17"))).isEqualTo("-1.94");
    }

    record Step(boolean priceChange, String stepPrice, long ram, int day) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 2000).map(c -> BigDecimal.valueOf(c, 2).toPlainString()),
                Arbitraries.longs().between(0, 6).map(s -> 2048 + s * 1024),
                Arbitraries.integers().between(0, 4)).as(Step::new);
        return step.list().ofMaxSize(12);
    }

    @Property
    void noSequenceOfPriceAndParameterChangesCreditsMoreThanWasCharged(@ForAll("steps") List<Step> steps,
            @ForAll("orderRam") long orderRam) {
        Ledger ledger = new Ledger("2.00");
        ledger.order(orderRam);
        long ram = orderRam;
        LocalDate day = MARCH_1;
        for (Step each : steps) {
            if (each.priceChange()) {
                ledger.stepPrice = new BigDecimal(each.stepPrice());
            } else if (each.ram() != ram) {
                day = day.plusDays(each.day()).isBefore(APRIL_1) ? day.plusDays(each.day()) : day;
                ledger.change(ram, each.ram(), day);
                ram = each.ram();
            }
        }
        // what was charged for the add-ons: the order less the tariff's 10.00, and every change charged
        BigDecimal chargedForAddons = ledger.charged().subtract(new BigDecimal("10.00"));
        assertThat(ledger.credited()).isLessThanOrEqualTo(chargedForAddons);
    }

    @Provide
    Arbitrary<Long> orderRam() {
        return Arbitraries.longs().between(0, 6).map(s -> 2048 + s * 1024);
    }
}
