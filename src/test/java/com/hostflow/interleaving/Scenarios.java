package com.hostflow.interleaving;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Shrinkable;
import net.jqwik.api.ShrinkingDistance;
import net.jqwik.api.Tuple;

import com.hostflow.catalog.Period;
import com.hostflow.interleaving.Event.ClockMove;

/**
 * jqwik's generators for scenarios. A scenario is drawn from a seed of its own with these arbitraries, so the seed
 * alone regenerates it; shrinking drops events (halves, then quarters, ..., then single events) and never invents
 * new ones, so a shrunk scenario is still named by its seed and the positions of the events it kept.
 */
final class Scenarios {

    /** Tariffs of {@link InterleavingCatalog}; events name them by position. */
    static final int TARIFFS = InterleavingCatalog.TARIFFS;
    private static final int MAX_SERVICES = 6;
    private static final int GEN_SIZE = 100;

    private static final Arbitrary<Period> ORDER_PERIODS = Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just(Period.MONTH)), Tuple.of(3, Arbitraries.just(Period.DAY)),
            Tuple.of(2, Arbitraries.just(Period.TRIAL)), Tuple.of(1, Arbitraries.just(Period.QUARTER)),
            Tuple.of(1, Arbitraries.just(Period.HALF_YEAR)), Tuple.of(1, Arbitraries.just(Period.YEAR)),
            Tuple.of(1, Arbitraries.just(Period.ONE_TIME)));

    private static final Arbitrary<Event> ORDERS = Combinators.combine(Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, TARIFFS - 1), ORDER_PERIODS, Arbitraries.integers().between(0, 3),
            Arbitraries.of(true, false)).as(Event.Order::new);

    private static final Arbitrary<Integer> SERVICE = Arbitraries.integers().between(0, MAX_SERVICES - 1);

    private static final Arbitrary<Event> PAYMENTS = Combinators.combine(Arbitraries.integers().between(0, 2),
            Arbitraries.bigDecimals().between(new BigDecimal("0.01"), new BigDecimal("60.00")).ofScale(2),
            Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(-1)), Tuple.of(3, SERVICE)))
            .as(Event.Pay::new);

    private static final Arbitrary<Event> CLOCK_MOVES = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.integers().between(1, 180).map(m -> new Event.MoveClock(ClockMove.MINUTES, m, 0))),
            Tuple.of(3, Arbitraries.integers().between(1, 35).map(d -> new Event.MoveClock(ClockMove.DAYS, d, 0))),
            Tuple.of(6, Combinators.combine(Arbitraries.integers().between(-30, 240), SERVICE)
                    .as((m, s) -> new Event.MoveClock(ClockMove.PERIOD_END, m, s))),
            Tuple.of(2, Arbitraries.just(new Event.MoveClock(ClockMove.WEEKEND, 0, 0))),
            Tuple.of(1, Arbitraries.just(new Event.MoveClock(ClockMove.MONDAY, 0, 0))),
            Tuple.of(1, Arbitraries.just(new Event.MoveClock(ClockMove.HOLIDAY, 0, 0))));

    private static final Arbitrary<Event> SINGLE_EVENTS = Arbitraries.frequencyOf(
            Tuple.of(5, PAYMENTS),
            Tuple.of(2, SERVICE.map(Event.PayNextPeriod::new)),
            Tuple.of(6, CLOCK_MOVES),
            Tuple.of(5, Arbitraries.just(new Event.BillingRun())),
            Tuple.of(2, Combinators.combine(SERVICE, Arbitraries.integers().between(-1, 4))
                    .as(Event.ChangeParameters::new)),
            Tuple.of(2, Combinators.combine(SERVICE, Arbitraries.of(Period.DAY, Period.MONTH, Period.QUARTER,
                    Period.YEAR)).as(Event.Prolong::new)),
            Tuple.of(2, SERVICE.map(Event.ClientDelete::new)),
            Tuple.of(1, SERVICE.map(Event.WithdrawDeletion::new)),
            Tuple.of(1, SERVICE.map(Event.AdminDelete::new)),
            Tuple.of(2, Combinators.combine(SERVICE, Arbitraries.of("ADMIN", "ABUSE")).as(Event.AdminSuspend::new)),
            Tuple.of(2, Combinators.combine(SERVICE, Arbitraries.of("ADMIN", "ABUSE", "BILLING").injectNull(0.4))
                    .as(Event.AdminResume::new)),
            Tuple.of(2, Combinators.combine(Arbitraries.of(0.0, 0.0, 0.2, 0.5, 1.0),
                    Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))),
                    Arbitraries.of(20L, 200L, 1500L)).as(Event.SimulatorFaults::new)),
            Tuple.of(3, Combinators.combine(Arbitraries.integers().between(0, 2),
                    Arbitraries.of("retry", "skip", "abort")).as(Event.Decide::new)),
            Tuple.of(3, Arbitraries.just(new Event.Moment())),
            Tuple.of(3, Arbitraries.just(new Event.Settle())));

    /**
     * Short runs of events that meet where the lifecycle's waits are, which plain random order reaches rarely: a
     * payment while the billing run's suspension is under way, a billing run on a weekend and a payment before
     * Monday, a resumption or an opening the department aborts. They are flattened into single events, so shrinking
     * still drops any of them.
     */
    private static final Arbitrary<List<Event>> EPISODES = Arbitraries.frequencyOf(
            Tuple.of(3, Combinators.combine(Arbitraries.integers().between(1, 120), SERVICE).as((minutes, s) -> List.of(
                    new Event.MoveClock(ClockMove.PERIOD_END, minutes, s), new Event.BillingRun(), new Event.Moment(),
                    new Event.PayNextPeriod(s)))),
            Tuple.of(2, Combinators.combine(Arbitraries.integers().between(1, 120), SERVICE).as((minutes, s) -> List.of(
                    new Event.MoveClock(ClockMove.PERIOD_END, minutes, s), new Event.MoveClock(ClockMove.WEEKEND, 0, 0),
                    new Event.BillingRun(), new Event.Settle(), new Event.PayNextPeriod(s),
                    new Event.MoveClock(ClockMove.MONDAY, 0, 0)))),
            Tuple.of(1, SERVICE.map(s -> List.of(new Event.AdminSuspend(s, "ADMIN"), new Event.Settle(),
                    new Event.SimulatorFaults(1.0, false, 20), new Event.AdminResume(s, null), new Event.Settle(),
                    new Event.Decide(0, "abort")))),
            Tuple.of(1, Arbitraries.just(List.of(new Event.SimulatorFaults(1.0, false, 20), new Event.Moment(),
                    new Event.Settle(), new Event.Decide(0, "abort")))),
            // a deletion for the period's end taken back around that end, as a billing run comes due
            Tuple.of(1, Combinators.combine(Arbitraries.integers().between(-30, 30), SERVICE).as((minutes, s) -> List.of(
                    new Event.ClientDelete(s), new Event.MoveClock(ClockMove.PERIOD_END, minutes, s),
                    new Event.WithdrawDeletion(s), new Event.BillingRun()))));

    private static final Arbitrary<List<Event>> OTHERS = Arbitraries.frequencyOf(
            Tuple.of(12, SINGLE_EVENTS.map(List::of)),
            Tuple.of(1, EPISODES));

    private static final Arbitrary<Scenario.Policy> POLICIES = Combinators.combine(
            Arbitraries.of("ALLOWED", "PROHIBITED", "PHONE_VERIFIED"), Arbitraries.of("IMMEDIATELY", "END_OF_PAID_PERIOD"),
            Arbitraries.of(true, false), Arbitraries.of(0, 1, 3, 10),
            Arbitraries.of("EVERY_SERVICE", "ONE_PER_PRODUCT_TYPE", "ONE_PER_TARIFF")).as(Scenario.Policy::new);

    private static final Arbitrary<Boolean> RACING = Arbitraries.of(true, false);

    /**
     * Admins' catalog writes, drawn from a random source of their own and put between the lifecycle's events, so a
     * seed's lifecycle events stay what they were before catalog writes came in ({@link #generate(long, boolean)}).
     */
    private static final Arbitrary<Event> CATALOG_WRITES = Arbitraries.frequencyOf(
            Tuple.of(4, Combinators.combine(Arbitraries.integers().between(0, TARIFFS - 1),
                    Arbitraries.of(50, 80, 120, 150, 200),
                    Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just((Period) null)),
                            Tuple.of(1, Arbitraries.of(Period.DAY, Period.MONTH, Period.QUARTER, Period.YEAR))),
                    Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(Event.IfMatch.NONE)),
                            Tuple.of(2, Arbitraries.just(Event.IfMatch.CURRENT)),
                            Tuple.of(1, Arbitraries.just(Event.IfMatch.STALE))), RACING)
                    .as(Event.ChangeTariffPrices::new)),
            Tuple.of(2, Combinators.combine(Arbitraries.integers().between(0, TARIFFS - 1), Arbitraries.of(true, false),
                    RACING).as(Event.SetTariffActive::new)),
            Tuple.of(3, Combinators.combine(Arbitraries.of(false, false, true), Arbitraries.of(true, true, false),
                    Arbitraries.of(1, 1, 2, 3), RACING).as(Event.ChangeModuleQueue::new)),
            Tuple.of(1, RACING.map(Event.RewriteModulePassword::new)),
            Tuple.of(2, Combinators.combine(POLICIES, RACING).as(Event.ChangeProductType::new)));

    private Scenarios() {
    }

    /** {@code -Dhostflow.interleaving.catalog-writes=false}: the scenarios without admins' catalog writes. */
    static boolean catalogWrites() {
        return Boolean.parseBoolean(System.getProperty(LifecycleInterleavingTest.CATALOG_WRITES, "true"));
    }

    /** Scenarios with fresh seeds, each shrinking by dropping events. */
    static Arbitrary<Scenario> random() {
        boolean catalogWrites = catalogWrites();
        return Arbitraries.fromGenerator(random -> new ScenarioShrinkable(generate(random.nextLong(),
                catalogWrites)));
    }

    /**
     * The scenario of one seed: 2–3 clients, 3–6 orders and 4–12 other events or episodes in random order, and 0–3
     * admins' catalog writes between them (never first).
     */
    static Scenario generate(long seed) {
        return generate(seed, true);
    }

    /** Without {@code catalogWrites}: the scenario as the seed made it before catalog writes were events. */
    static Scenario generate(long seed, boolean catalogWrites) {
        Scenario lifecycle = lifecycle(seed);
        if (!catalogWrites) {
            return lifecycle;
        }
        // mixed first: java.util.Random's first draws of neighbouring seeds are nearly the same
        Random random = new Random(new SplittableRandom(seed ^ 0xCA7A1065L).nextLong());
        List<Event> events = new ArrayList<>(lifecycle.allEvents());
        for (int writes = random.nextInt(4); writes > 0; writes--) {
            Event write = CATALOG_WRITES.generator(GEN_SIZE).next(random).value();
            events.add(1 + random.nextInt(events.size()), write);
        }
        return Scenario.of(seed, lifecycle.clients(), lifecycle.policy(), events);
    }

    private static Scenario lifecycle(long seed) {
        Random random = new Random(seed);
        int clients = 2 + random.nextInt(2);
        Scenario.Policy policy = POLICIES.generator(GEN_SIZE).next(random).value();
        List<Event> orders = ORDERS.list().ofMinSize(3).ofMaxSize(MAX_SERVICES).generator(GEN_SIZE).next(random)
                .value();
        List<Event> others = OTHERS.list().ofMinSize(4).ofMaxSize(12).generator(GEN_SIZE).next(random).value()
                .stream().flatMap(List::stream).toList();
        List<Event> events = new ArrayList<>();
        int o = 0;
        int e = 0;
        while (o < orders.size() || e < others.size()) {
            int left = orders.size() - o + others.size() - e;
            // the first event is an order, so most scenarios have something to act on early
            boolean order = events.isEmpty() || random.nextInt(left) < orders.size() - o;
            events.add(order && o < orders.size() ? orders.get(o++) : others.get(e++));
        }
        return Scenario.of(seed, clients, policy, events);
    }

    /** A scenario that drops events when jqwik shrinks it: chunks of half its events first, single events last. */
    record ScenarioShrinkable(Scenario value) implements Shrinkable<Scenario> {

        @Override
        public Stream<Shrinkable<Scenario>> shrink() {
            List<Integer> kept = value.kept();
            int n = kept.size();
            return Stream.iterate(Math.max(1, n / 2), size -> size >= 1, size -> size == 1 ? 0 : Math.max(1, size / 2))
                    .flatMap(size -> IntStream.iterate(0, from -> from < n, from -> from + size)
                            .mapToObj(from -> without(kept, from, Math.min(n, from + size))))
                    .filter(candidate -> candidate.size() < n)
                    .map(candidate -> (Shrinkable<Scenario>) new ScenarioShrinkable(value.keeping(candidate)));
        }

        private static List<Integer> without(List<Integer> kept, int from, int to) {
            List<Integer> rest = new ArrayList<>(kept.subList(0, from));
            rest.addAll(kept.subList(to, kept.size()));
            return rest;
        }

        @Override
        public ShrinkingDistance distance() {
            return ShrinkingDistance.of(value.kept().size());
        }
    }
}
