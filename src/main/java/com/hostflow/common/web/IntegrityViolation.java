package com.hostflow.common.web;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /**
     * A text longer than its column (string_data_right_truncation, SQLState 22001) that no check caught before the
     * write: bad input too, never "conflicts with existing data".
     */
    TOO_LONG("a value is longer than can be stored"),
    /**
     * A day or instant PostgreSQL cannot hold (datetime_field_overflow, SQLState 22008, e.g. the year 999999999 that
     * Java reads), in a write or a query's parameter that no check caught ({@link StorableDate}): bad input.
     */
    DATE_OUT_OF_RANGE("a date is out of range of what can be stored (years 1 to 9999)"),
    /** A duplicate, or a row something still refers to. */
    CONFLICT("the change conflicts with existing data (duplicate or still in use)");

    private static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";
    private static final String STRING_DATA_RIGHT_TRUNCATION = "22001";
    private static final String DATETIME_FIELD_OVERFLOW = "22008";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    /**
     * The unique keys whose duplicate a service checks before it writes, each with the words of that check (%s: the
     * key's value). Two creates at once both pass the check, and the later one meets the key: it gets the same 409
     * as one sent after the first, not "conflicts with existing data".
     */
    private static final Map<String, String> DUPLICATES = Map.of(
            "uk_business_calendar_provider", "provider %s has a calendar already",
            "uq_client_email", "a client with email %s exists",
            "uq_client_login", "a login %s already exists",
            "uk_department_key", "a department with key '%s' exists already",
            "uk_product_type_code", "product type '%s' exists already");
    // PostgreSQL's message: duplicate key value violates unique constraint "uq_client_email" ... Key (email)=(a@b) ...
    private static final Pattern CONSTRAINT = Pattern.compile("unique constraint \"([^\"]+)\"");
    private static final Pattern KEY = Pattern.compile("Key \\(([^)]+)\\)=\\((.*)\\) already exists", Pattern.DOTALL);
    // a foreign key's refusal: ... Key (provider_id)=(9) is not present in table "provider".
    private static final Pattern GONE = Pattern.compile("Key \\(([^)]+)\\)=\\(([^)]*)\\) is not present in table"
            + " \"([^\"]+)\"");

    private final String message;

    IntegrityViolation(String message) {
        this.message = message;
    }

    public static IntegrityViolation of(DataIntegrityViolationException e) {
        String state = sqlState(e);
        if (NUMERIC_VALUE_OUT_OF_RANGE.equals(state)) {
            return OUT_OF_RANGE;
        }
        if (DATETIME_FIELD_OVERFLOW.equals(state)) {
            return DATE_OUT_OF_RANGE;
        }
        return STRING_DATA_RIGHT_TRUNCATION.equals(state) ? TOO_LONG : CONFLICT;
    }

    /** Whether the sender's input is at fault (a 400), not a conflict with what is stored (a 409). */
    public boolean isBadInput() {
        return this != CONFLICT;
    }

    /** The API's words for it. */
    public String message() {
        return message;
    }

    /**
     * The 409's words for a duplicate of a key a service checks ({@link #DUPLICATES}), as that check says it; empty
     * for any other refusal, answered with {@link #message()}.
     */
    public static Optional<String> duplicate(DataIntegrityViolationException e) {
        SQLException sql = uniqueViolation(e);
        if (sql == null) {
            return Optional.empty();
        }
        Matcher constraint = CONSTRAINT.matcher(sql.getMessage());
        Matcher key = KEY.matcher(sql.getMessage());
        if (!constraint.find() || !DUPLICATES.containsKey(constraint.group(1)) || !key.find()
                || key.group(1).contains(",")) {
            return Optional.empty();
        }
        return Optional.of(DUPLICATES.get(constraint.group(1)).formatted(ProblemText.echo(key.group(2))));
    }

    /** Whether {@code e} is PostgreSQL's refusal of a second row with the same key of the unique {@code constraint}. */
    public static boolean duplicateOf(DataIntegrityViolationException e, String constraint) {
        SQLException sql = uniqueViolation(e);
        if (sql == null) {
            return false;
        }
        Matcher violated = CONSTRAINT.matcher(sql.getMessage());
        return violated.find() && violated.group(1).equals(constraint);
    }

    /** PostgreSQL's unique_violation behind {@code e}, with its message; null for any other refusal. */
    private static SQLException uniqueViolation(DataIntegrityViolationException e) {
        SQLException sql = sqlException(e);
        return sql == null || !UNIQUE_VIOLATION.equals(sql.getSQLState()) || sql.getMessage() == null ? null : sql;
    }

    /**
     * What a 409 says for a refusal a service can explain: a duplicate of a key it checks ({@link #duplicate}), or a
     * row the write names that a transaction at the same moment deleted ({@link #missingReference}); empty otherwise.
     */
    public static Optional<String> explained(DataIntegrityViolationException e) {
        return duplicate(e).or(() -> missingReference(e));
    }

    /**
     * The 409's words for a write naming a row that is gone (a foreign key's refusal): the service checked it
     * existed, and a deletion committed before the write did (a client created as its provider was deleted); empty
     * for any other refusal.
     */
    public static Optional<String> missingReference(DataIntegrityViolationException e) {
        SQLException sql = sqlException(e);
        if (sql == null || !FOREIGN_KEY_VIOLATION.equals(sql.getSQLState()) || sql.getMessage() == null) {
            return Optional.empty();
        }
        Matcher gone = GONE.matcher(sql.getMessage());
        if (!gone.find() || gone.group(1).contains(",")) {
            return Optional.empty();
        }
        return Optional.of(gone.group(3).replace('_', ' ') + " " + ProblemText.echo(gone.group(2))
                + " does not exist (any more)");
    }

    private static String sqlState(Throwable e) {
        SQLException sql = sqlException(e);
        return sql == null ? null : sql.getSQLState();
    }

    private static SQLException sqlException(Throwable e) {
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql;
            }
        }
        return null;
    }
}
