package com.hostflow.simulator.vmmanager6;

/**
 * The simulator's fault injection.
 *
 * @param failRate    probability (0..1) that a task ends {@code fail} instead of {@code complete}
 * @param taskDelayMs how long a task runs
 * @param down        every call answers 503, as a sleeping VMmanager does
 */
public record SimulatorControl(double failRate, long taskDelayMs, boolean down) {

    static final SimulatorControl DEFAULT = new SimulatorControl(0.0, 200, false);
}
