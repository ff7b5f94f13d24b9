package com.hostflow.interleaving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Example;
import net.jqwik.api.Shrinkable;

/**
 * The scenario generator alone (no application; jqwik examples, since its generators run on jqwik's threads): a seed
 * replays its scenario, shrinking only drops events.
 */
class ScenariosTest {

    @Example
    void aSeedAloneGeneratesTheSameScenarioAgain() {
        for (long seed = -5; seed < 20; seed++) {
            Scenario first = Scenarios.generate(seed);
            Scenario again = Scenarios.generate(seed);

            assertThat(again).isEqualTo(first);
            assertThat(again.toString()).isEqualTo(first.toString());
        }
        assertThat(Scenarios.generate(1)).isNotEqualTo(Scenarios.generate(2));
    }

    @Example
    void everyScenarioHasTwoOrThreeClientsAndThreeToSixOrdersAndStartsWithAnOrder() {
        for (long seed = 0; seed < 200; seed++) {
            Scenario scenario = Scenarios.generate(seed);

            assertThat(scenario.clients()).isBetween(2, 3);
            assertThat(scenario.events().stream().filter(Event.Order.class::isInstance).count()).isBetween(3L, 6L);
            assertThat(scenario.events().size()).isGreaterThanOrEqualTo(7);
            assertThat(scenario.events().get(0)).isInstanceOf(Event.Order.class);
        }
    }

    @Example
    void catalogWritesComeBetweenTheEventsTheSeedMadeBeforeAndNeverFirst() {
        long withWrites = 0;
        for (long seed = 0; seed < 200; seed++) {
            Scenario scenario = Scenarios.generate(seed);
            Scenario before = Scenarios.generate(seed, false);

            assertThat(scenario.events().stream().filter(e -> !(e instanceof Event.CatalogWrite)).toList())
                    .isEqualTo(before.events());
            assertThat(before.events()).noneMatch(Event.CatalogWrite.class::isInstance);
            assertThat(scenario.clients()).isEqualTo(before.clients());
            assertThat(scenario.policy()).isEqualTo(before.policy());
            assertThat(scenario.events().get(0)).isInstanceOf(Event.Order.class);
            long writes = scenario.events().stream().filter(Event.CatalogWrite.class::isInstance).count();
            assertThat(writes).isBetween(0L, 3L);
            withWrites += writes > 0 ? 1 : 0;
        }
        assertThat(withWrites).isBetween(100L, 180L);
    }

    @Example
    void shrinkingDropsEventsAndKeepsTheRestInOrderUnderTheSameSeed() {
        Scenario scenario = Scenarios.generate(42);
        List<Shrinkable<Scenario>> candidates = new Scenarios.ScenarioShrinkable(scenario).shrink().toList();

        assertThat(candidates).isNotEmpty();
        for (Shrinkable<Scenario> candidate : candidates) {
            Scenario smaller = candidate.value();
            assertThat(smaller.seed()).isEqualTo(42);
            assertThat(smaller.kept()).hasSizeLessThan(scenario.kept().size()).isSorted();
            assertThat(scenario.kept()).containsAll(smaller.kept());
            assertThat(candidate.distance().compareTo(new Scenarios.ScenarioShrinkable(scenario).distance()))
                    .isNegative();
        }
        // single events are dropped last, one at a time
        assertThat(candidates.get(candidates.size() - 1).value().kept()).hasSize(scenario.kept().size() - 1);
    }

    @Example
    void theReplayLineNamesTheSeedAndTheKeptEvents() {
        Scenario shrunk = Scenarios.generate(7).keeping(List.of(0, 2));

        assertThat(shrunk.events()).hasSize(2);
        assertThat(shrunk.replayProperties()).isEqualTo(
                "-Dhostflow.interleaving=true -Dhostflow.interleaving.seed=7 -Dhostflow.interleaving.keep=0,2");
        assertThat(shrunk.toString()).contains("scenario seed 7, events [0, 2]", " 0. ", " 2. ");
    }
}
