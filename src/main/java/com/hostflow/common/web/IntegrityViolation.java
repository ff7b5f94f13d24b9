package com.hostflow.common.web;

import java.sql.SQLException;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * What a write the database refused ({@link DataIntegrityViolationException}) means to whoever sent it, one answer
 * for the API ({@code ProblemResponses}) and the pages ({@code PageForms}) alike.
 */
public enum IntegrityViolation {

    /**
     * A value the column cannot hold (PostgreSQL's numeric_value_out_of_range, SQLState 22003), e.g. a payment pushing
     * a balance past {@code numeric(19,2)}: bad input, not a conflict.
     */
    OUT_OF_RANGE("a value is out of range of what can be stored"
            + " (amounts and balances have at most 17 digits before the decimal point)"),
    /** A duplicate, or a row something still refers to. */
    CONFLICT("the change conflicts with existing data (duplicate or still in use)");

    private static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";

    private final String message;

    IntegrityViolation(String message) {
        this.message = message;
    }

    public static IntegrityViolation of(DataIntegrityViolationException e) {
        return NUMERIC_VALUE_OUT_OF_RANGE.equals(sqlState(e)) ? OUT_OF_RANGE : CONFLICT;
    }

    /** The API's words for it. */
    public String message() {
        return message;
    }

    private static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
