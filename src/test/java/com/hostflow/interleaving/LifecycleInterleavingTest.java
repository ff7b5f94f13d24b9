package com.hostflow.interleaving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * <b>Issue #9 F: the lifecycle stays right under every order of events.</b> jqwik generates scenarios of 2–3 clients
 * and 3–6 services from orders (every period, TRIAL and DAY included, with and without money), payments (any amount,
 * or exactly a service's next period), clock moves (minutes, days, across period ends, to weekends, Mondays and
 * holidays), billing runs, parameter changes, prolongations, client deletions under the product type's policy of the
 * scenario (allowed / prohibited / phone-verified × at once / at the end of the paid period), admin deletions, admin
 * suspensions and resumptions (ADMIN, ABUSE), VMmanager faults (failure rate, down windows, slow tasks) and
 * department decisions (retry, skip, abort; manual work), and 0–3 admins' catalog writes ({@link CatalogAdmin}: a
 * tariff's prices changed or a period's price taken away, with the current ETag, a stale one or none; a tariff taken
 * off sale or put back; a module's queue changed; its password entered again; the product type's rules changed),
 * half of them sent at the same moment as the next event. Each scenario runs against the real application (REST API,
 * engine, VMmanager 6 simulator, PostgreSQL) with fresh clients and services and a clock that only moves forward; at
 * its end VMmanager gets well, the engine settles, the department works through its open tasks, and
 * {@link Invariants} checks money, hosts, suspension reasons, BILLING suspensions, processes and incidents (money and
 * BILLING suspensions also at every "settle" event in between), and what the catalog writes must keep: an order is
 * charged the amount its answer named, a period the price of one version of its tariff, a live service's next period
 * has a price, a stale If-Match is 412 and a refused write changes nothing, no queue slot is held or waited for once
 * the engine settled.
 * <p>
 * <b>On in every build:</b> the pom passes its property {@code hostflow.interleaving} ({@code true};
 * {@code -Dhostflow.interleaving=false} skips the property) and {@code hostflow.interleaving.tries}: 20 scenarios
 * from the run seed and 20 more from the run seed plus one in {@code ./mvnw -B verify}, in one of surefire's two JVMs
 * beside the rest of the suite; {@code -Dtest=LifecycleInterleavingTest -Dhostflow.interleaving.run-seed=
 * -Dhostflow.interleaving.tries=5000} is the long run. A failing scenario is shrunk (events dropped) and
 * reported with its seed, the events it kept, what each event did, the broken invariants and the command line that
 * replays it ({@code -Dhostflow.interleaving.seed=... [-Dhostflow.interleaving.keep=...]}).
 * {@code -Dhostflow.interleaving.survey=true} runs every try instead of stopping at the first failure and fails at
 * the end with the number of failing scenarios per broken invariant (a map of what is left to fix).
 * <p>
 * Why a jqwik property and a Spring context of its own: jqwik is a second engine on the JUnit platform and does not
 * run Spring's Jupiter extension, so the class starts the application itself, once, in {@link BeforeContainer}, with
 * a fresh database on the embedded PostgreSQL server and short module timings ({@link HostFlowUnderTest}), and closes
 * it (clock put back) in {@link AfterContainer}. In exchange jqwik shrinks a failing scenario to the events that
 * matter. A scenario is drawn from a seed of its own ({@link Scenarios}), so the seed replays it without jqwik's
 * run seed; what the simulator's failure rate draws and how fast threads run is not replayed, so a replay of a
 * timing-dependent failure may need a few runs.
 */
@AddLifecycleHook(LifecycleInterleavingTest.OnlyWhenSwitchedOn.class)
class LifecycleInterleavingTest {

    static final String SWITCH = "hostflow.interleaving";
    static final String SEED = "hostflow.interleaving.seed";
    static final String KEEP = "hostflow.interleaving.keep";
    /** Runs every try instead of stopping at the first failure, and fails at the end with a tally per invariant. */
    static final String SURVEY = "hostflow.interleaving.survey";
    /** How many scenarios per run seed: 20 from each of the build's two (the pom), 5000 for the long run. */
    static final String TRIES = "hostflow.interleaving.tries";
    /**
     * jqwik's seed for the run: the build fixes it (the pom), so it runs the same 40 scenarios every time and a red
     * build means a change broke one of them; empty draws new scenarios (the long run's business).
     */
    static final String RUN_SEED = "hostflow.interleaving.run-seed";
    /**
     * {@code false} leaves the admins' catalog writes out of the scenarios (a seed then makes the scenario it made
     * before they were events); {@code true}, the default, puts 0–3 of them between each scenario's events.
     */
    static final String CATALOG_WRITES = "hostflow.interleaving.catalog-writes";

    private static final Logger log = LoggerFactory.getLogger(LifecycleInterleavingTest.class);
    private static final AtomicInteger scenarios = new AtomicInteger();

    private static HostFlowUnderTest app;
    private static InterleavingCatalog catalog;
    private static final Map<String, List<String>> survey = new TreeMap<>();

    @BeforeContainer
    static void startHostFlow() {
        scenarios.set(0);
        Timings.reset();
        app = HostFlowUnderTest.start();
        catalog = InterleavingCatalog.create(app.api, app.port);
    }

    @AfterContainer
    static void stopHostFlow() {
        if (app != null) {
            app.close();
        }
        app = null;
        log.info("where the time went ({} scenarios):{}{}", scenarios.get(), System.lineSeparator(), Timings.summary());
        if (!survey.isEmpty()) {
            StringBuilder tally = new StringBuilder("failing scenarios per broken invariant (of " + scenarios.get()
                    + " scenarios):");
            survey.forEach((kind, seeds) -> tally.append(System.lineSeparator()).append("  ").append(kind)
                    .append(": ").append(seeds.size()).append(" scenarios, e.g. seeds ")
                    .append(seeds.subList(0, Math.min(5, seeds.size()))));
            log.warn(tally.toString());
            throw new AssertionError(tally.toString());
        }
    }

    @Property(shrinking = ShrinkingMode.BOUNDED)
    @AddLifecycleHook(TriesOfItsOwn.class)
    void theLifecycleStaysRightUnderEveryOrderOfEvents(@ForAll("scenarios") Scenario scenario) {
        check(scenario);
    }

    /**
     * The build's second 20 scenarios, drawn from the run seed plus one, in the same application: a class of its own
     * (LifecycleInterleavingSecondHalfTest, for surefire's other JVM) started a second application, about half a
     * minute of CPU. Only with a fixed run seed and no single seed to replay (the long run and a replay are the
     * property above alone).
     */
    @Property(shrinking = ShrinkingMode.BOUNDED)
    @AddLifecycleHook(OnlyForAFixedRunSeed.class)
    @AddLifecycleHook(TriesOfItsOwnFromTheNextRunSeed.class)
    void theLifecycleStaysRightUnderEveryOrderOfEventsFromTheNextRunSeed(@ForAll("scenarios") Scenario scenario) {
        check(scenario);
    }

    private void check(Scenario scenario) {
        ScenarioRun run = new ScenarioRun(app, catalog, scenario, Integer.toString(scenarios.incrementAndGet(), 36)
                + "-" + UUID.randomUUID().toString().substring(0, 6));
        long started = System.nanoTime();
        List<String> broken;
        try {
            broken = run.run();
        } finally {
            run.retire();
        }
        log.info("scenario {} (seed {}, {} events): {} in {} ms", scenarios.get(), scenario.seed(),
                scenario.kept().size(), broken.isEmpty() ? "passed" : "FAILED " + broken.size() + " invariants",
                (System.nanoTime() - started) / 1_000_000);
        if (!broken.isEmpty()) {
            String report = scenario + System.lineSeparator() + run.report() + System.lineSeparator()
                    + "broken invariants:" + System.lineSeparator() + "  * "
                    + String.join(System.lineSeparator() + "  * ", broken);
            log.warn("scenario failed:{}{}", System.lineSeparator(), report);
            if (Boolean.getBoolean(SURVEY)) {
                broken.stream().map(LifecycleInterleavingTest::kind).distinct().forEach(kind -> survey
                        .computeIfAbsent(kind, k -> new ArrayList<>()).add(Long.toString(scenario.seed())));
                return;
            }
            throw new AssertionError(report);
        }
    }

    /** An invariant's message without its ids and amounts, to count scenarios per kind of failure. */
    private static String kind(String broken) {
        return broken.replaceAll(":[0-9]+:[0-9a-f-]{20,}", "").replaceAll("[0-9]+(\\.[0-9]+)?", "#")
                .replaceAll("\\[[^\\]]*\\]", "[..]");
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        String seed = System.getProperty(SEED);
        if (seed == null || seed.isBlank()) {
            return Scenarios.random();
        }
        Scenario replayed = Scenarios.generate(Long.parseLong(seed.trim()), Scenarios.catalogWrites());
        String keep = System.getProperty(KEEP);
        if (keep != null && !keep.isBlank()) {
            replayed = replayed.keeping(Arrays.stream(keep.split(",")).map(String::trim).map(Integer::valueOf)
                    .toList());
        }
        return Arbitraries.of(replayed);
    }

    /**
     * The property's number of scenarios, {@code hostflow.interleaving.tries} (per property), and its run seed,
     * {@code hostflow.interleaving.run-seed} (plus the property's offset): jqwik's {@code jqwik.tries.default} is one
     * for the whole JVM and belongs to the cheap properties (MalformedInputFuzzTest runs 200).
     */
    static class TriesOfItsOwn implements AroundPropertyHook {

        /** Added to the run seed. */
        long runSeedOffset() {
            return 0;
        }

        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            String tries = System.getProperty(TRIES);
            if (tries != null && !tries.isBlank()) {
                context.attributes().setTries(Integer.valueOf(tries.trim()));
            }
            String runSeed = System.getProperty(RUN_SEED);
            if (runSeed != null && !runSeed.isBlank() && (System.getProperty(SEED) == null
                    || System.getProperty(SEED).isBlank())) {
                context.attributes().setSeed(Long.toString(Long.parseLong(runSeed.trim()) + runSeedOffset()));
            }
            return property.execute();
        }
    }

    /** The build's second 20: the run seed plus one. */
    static class TriesOfItsOwnFromTheNextRunSeed extends TriesOfItsOwn {

        @Override
        long runSeedOffset() {
            return 1;
        }
    }

    /** Runs the property only with a fixed run seed and no single seed to replay (the build's 40 scenarios). */
    static class OnlyForAFixedRunSeed implements SkipExecutionHook {

        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            String runSeed = System.getProperty(RUN_SEED);
            String seed = System.getProperty(SEED);
            return runSeed != null && !runSeed.isBlank() && (seed == null || seed.isBlank()) ? SkipResult.doNotSkip()
                    : SkipResult.skip("the scenarios of the run seed plus one belong to the build's fixed run seed");
        }
    }

    /** Runs the property only when {@code hostflow.interleaving} is true (the pom's default); false skips it. */
    static class OnlyWhenSwitchedOn implements SkipExecutionHook {

        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return Boolean.getBoolean(SWITCH) ? SkipResult.doNotSkip()
                    : SkipResult.skip("the lifecycle interleaving property runs with -D" + SWITCH + "=true (issue #9)");
        }
    }
}
