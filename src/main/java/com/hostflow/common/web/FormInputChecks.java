package com.hostflow.common.web;

/**
 * The checks a feature makes of a request's form beyond its bean constraints (a reference to an unknown row, a
 * duplicate in a list), writing nothing. When the constraints refuse a body, {@link ProblemResponses} names what these
 * find about the other fields in the same answer: a client fixing one field at a time got one more 400 per round.
 */
public interface FormInputChecks {

    /**
     * Throws {@link InvalidInputException} naming what it finds; a form it does not know passes. {@code create}: the
     * body makes a new entry (a POST, which names its key or code in the body), not one its path names (a PUT).
     */
    void check(Object form, boolean create);
}
