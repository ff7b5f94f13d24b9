package com.hostflow.history;

import java.util.function.Supplier;

/**
 * A decision table asked only to show something (a page offering a form as the table would answer) is a preview, not
 * a decision: its evaluation is not written to the engine's history. Cockpit's Decisions list what was decided,
 * and a client's every page view would otherwise add rows to it (and need a writing transaction).
 */
public final class DecisionPreviews {

    private static final ThreadLocal<Boolean> PREVIEWING = ThreadLocal.withInitial(() -> false);

    private DecisionPreviews() {
    }

    /** Runs the work with every decision it evaluates on this thread kept out of the history. */
    public static <T> T withoutHistory(Supplier<T> work) {
        boolean outer = PREVIEWING.get();
        PREVIEWING.set(true);
        try {
            return work.get();
        } finally {
            PREVIEWING.set(outer);
        }
    }

    static boolean previewing() {
        return PREVIEWING.get();
    }
}
