package com.hostflow.lifecycle;

import java.util.function.Supplier;

/**
 * Work whose failure its caller reports itself, with its own level and back-off: a kept message or a payment told to
 * a process again by a sweeper. The engine logged each failed attempt as an ERROR with a stack trace (ENGINE-16004)
 * beside the caller's own line, so a process that could not hear a message raised an operator's ERROR alert once a
 * minute for good; {@link ExpectedFailureLogs} leaves out the engine's line while this runs, and the caller's WARN
 * carries the stack trace.
 */
final class FailuresReportedByCaller {

    private static final ThreadLocal<Boolean> RUNNING = new ThreadLocal<>();

    private FailuresReportedByCaller() {
    }

    static <T> T run(Supplier<T> work) {
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

    static boolean running() {
        return RUNNING.get() != null;
    }
}
