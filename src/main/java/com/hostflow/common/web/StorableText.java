package com.hostflow.common.web;

/**
 * Whether PostgreSQL can store a text as given: not with a NUL character, nor with a lone UTF-16 surrogate (stored
 * as {@code ?}). The JSON reader refuses both (MoneyJsonConfiguration); this is for text that reaches a service by
 * another way (a page's form), so the service refuses it before anything is written or charged.
 */
public final class StorableText {

    private StorableText() {
    }

    /** Why the value cannot be stored, or null when it can (null values can). */
    public static String problem(String value) {
        if (value == null) {
            return null;
        }
        if (value.indexOf(0) >= 0) {
            return "must not contain a NUL character";
        }
        return MoneyJsonConfiguration.NoNulString.loneSurrogate(value) >= 0
                ? "must not contain a lone UTF-16 surrogate" : null;
    }
}
