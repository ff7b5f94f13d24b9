package com.hostflow.common.web;

import java.math.BigDecimal;

/**
 * The one spelling of a number that a person or a client types: ASCII digits, an optional leading minus, and for
 * money a point followed by digits. No plus sign, no blanks, no hex ({@code 0x10}), no exponent ({@code 1e3}), no
 * grouping ({@code 1,000}), no other script's digits ({@code １６}), no {@code 5.} or {@code .5}, no {@code -0}.
 * Java's and Spring's parsers take all of these and read a different or surprising value ({@code 1,000} typed into a
 * form was 1.000, {@code 0x10} was 16). Used by {@link StrictNumberParameters} (parameters and form fields), the JSON
 * readers ({@link MoneyJsonConfiguration}, {@link StrictJsonConfiguration}) and the pages' hand-read fields.
 * Range and scale (at most two decimals for money) stay the checks of each field.
 */
public final class StrictNumbers {

    /** What a refusal says, for the pages' fields and the API's problems. */
    public static final String WHOLE_NUMBER = "must be a whole number of the digits 0-9";
    public static final String AMOUNT = "must be an amount like 10.00 (the digits 0-9 and a point)";

    /** More characters than any amount or quantity has (30 digits before the point and 30 after, a sign). */
    public static final int MAX_DECIMAL_LENGTH = 62;

    private StrictNumbers() {
    }

    /** ASCII digits only, at least one: an id. */
    public static boolean isDigits(String text) {
        return text != null && digitsEnd(text, 0) == text.length() && !text.isEmpty();
    }

    /** An optional minus and ASCII digits, not minus zero. */
    public static boolean isWholeNumber(String text) {
        if (text == null) {
            return false;
        }
        int start = text.startsWith("-") ? 1 : 0;
        int end = digitsEnd(text, start);
        return end > start && end == text.length() && !(start == 1 && allZeros(text, 1, end));
    }

    /** An optional minus, ASCII digits, and optionally a point followed by ASCII digits; not minus zero. */
    public static boolean isPlainDecimal(String text) {
        if (text == null) {
            return false;
        }
        int start = text.startsWith("-") ? 1 : 0;
        int integerEnd = digitsEnd(text, start);
        if (integerEnd == start) {
            return false;
        }
        int end = integerEnd;
        if (end < text.length() && text.charAt(end) == '.') {
            end = digitsEnd(text, end + 1);
            if (end == integerEnd + 1) {
                return false;
            }
        }
        return end == text.length() && !(start == 1 && allZeros(text, 1, end));
    }

    /** The whole number, or {@link NumberFormatException} (also past Long's range). */
    public static long wholeNumber(String text) {
        if (!isWholeNumber(text)) {
            throw new NumberFormatException("not a whole number of the digits 0-9: " + text);
        }
        return Long.parseLong(text);
    }

    /**
     * The amount, or {@link NumberFormatException}; also for more than {@link #MAX_DECIMAL_LENGTH} characters, which
     * no amount has: {@code new BigDecimal} takes seconds for a million digits, and a form field can carry two MB.
     */
    public static BigDecimal plainDecimal(String text) {
        if (!isPlainDecimal(text) || text.length() > MAX_DECIMAL_LENGTH) {
            throw new NumberFormatException("not a plain decimal: " + text);
        }
        return new BigDecimal(text);
    }

    private static int digitsEnd(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static boolean allZeros(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c != '0' && c != '.') {
                return false;
            }
        }
        return true;
    }
}
