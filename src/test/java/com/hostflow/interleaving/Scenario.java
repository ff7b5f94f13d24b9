package com.hostflow.interleaving;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A generated scenario: how many clients it has and its events in the order they happen. It is a pure function of
 * {@code seed} ({@link Scenarios#generate}); {@code kept} names the events a shrunk scenario still has (positions in
 * the full list), so every scenario, shrunk or not, replays from {@code seed} and {@code kept} alone.
 */
record Scenario(long seed, int clients, Policy policy, List<Event> allEvents, List<Integer> kept) {

    /** The rules of the product type (vds) while the scenario runs: every client-deletion policy gets its turn. */
    record Policy(String clientDeletion, String onClientDelete, boolean noSuspendOnWeekends, int autoDeletionDays,
            String trialPolicy) {
        @Override
        public String toString() {
            return "client deletion " + clientDeletion + " " + onClientDelete + ", "
                    + (noSuspendOnWeekends ? "no suspension on weekends" : "suspension on weekends") + ", auto-deletion after "
                    + autoDeletionDays + " days, trials " + trialPolicy;
        }
    }

    static Scenario of(long seed, int clients, Policy policy, List<Event> events) {
        return new Scenario(seed, clients, policy, List.copyOf(events),
                IntStream.range(0, events.size()).boxed().toList());
    }

    List<Event> events() {
        return kept.stream().map(allEvents::get).toList();
    }

    boolean shrunk() {
        return kept.size() < allEvents.size();
    }

    Scenario keeping(List<Integer> positions) {
        return new Scenario(seed, clients, policy, allEvents, List.copyOf(positions));
    }

    /** The system properties that replay this scenario alone. */
    String replayProperties() {
        return "-D" + LifecycleInterleavingTest.SWITCH + "=true -D" + LifecycleInterleavingTest.SEED + "=" + seed
                + (shrunk() ? " -D" + LifecycleInterleavingTest.KEEP + "="
                        + kept.stream().map(String::valueOf).collect(Collectors.joining(",")) : "");
    }

    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        lines.add("scenario seed " + seed + (shrunk() ? ", events " + kept : "") + ", " + clients + " clients, " + policy
                + ":");
        for (int position : kept) {
            lines.add(String.format("  %2d. %s", position, allEvents.get(position)));
        }
        lines.add("  replay: ./mvnw -B test -Dtest=LifecycleInterleavingTest " + replayProperties());
        return String.join(System.lineSeparator(), lines);
    }

    /** A random source for what the scenario itself draws while it runs (e.g. which task a decision picks). */
    Random runRandom() {
        return new Random(seed ^ 0x5DEECE66DL);
    }
}
