package com.hostflow.interleaving;

/**
 * The second 20 of the build's 40 interleaving scenarios, drawn from the run seed plus one: a class of its own so
 * that surefire runs it in its other JVM while the first half runs, instead of one JVM working through all 40 alone
 * at the end of the suite. Replays and the long run use {@link LifecycleInterleavingTest}.
 */
class LifecycleInterleavingSecondHalfTest extends LifecycleInterleavingTest {

    @Override
    long runSeedOffset() {
        return 1;
    }
}
