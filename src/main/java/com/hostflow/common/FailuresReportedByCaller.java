package com.hostflow.common;

import java.util.function.Supplier;

/**
 * Work whose failure its caller reports itself, with its own level and back-off: a kept message or a payment told to
 * a process again by a sweeper, a timer planned again after the demo's clock was put back. The engine logged each
 * failed attempt as an ERROR with a stack trace (ENGINE-16004) beside the caller's own line, so a process that could
 * not hear a message raised an operator's ERROR alert once a minute for good; {@code ExpectedFailureLogs} leaves out
 * the engine's line while this runs, and the caller's own line says what failed.
 */
public final class FailuresReportedByCaller {

    private static final ThreadLocal<Boolean> RUNNING = new ThreadLocal<>();

    private FailuresReportedByCaller() {
    }

    public static <T> T run(Supplier<T> work) {
        Boolean outer = RUNNING.get();
        RUNNING.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                RUNNING.remove();
            }
        }
    }

    public static boolean running() {
        return RUNNING.get() != null;
    }
}
