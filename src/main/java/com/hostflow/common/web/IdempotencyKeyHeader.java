package com.hostflow.common.web;

/** The {@code Idempotency-Key} header of requests with effects: what a key may be. */
public final class IdempotencyKeyHeader {

    public static final String NAME = "Idempotency-Key";
    private static final int MAX_LENGTH = 100;

    private IdempotencyKeyHeader() {
    }

    /** 1 to 100 visible ASCII characters (a UUID, a client's request id); else a 400 naming the header. */
    public static void check(String key) {
        String problem = problem(key);
        new FieldProblems().addIf(problem != null, NAME, problem).throwIfAny();
    }

    /** What is wrong with a key, null when it is one: for a page's one-time key, named by its form's field. */
    public static String problem(String key) {
        boolean visibleAscii = key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        return key.isEmpty() || key.length() > MAX_LENGTH || !visibleAscii
                ? "must be 1 to " + MAX_LENGTH + " visible ASCII characters" : null;
    }
}
