package com.hostflow.common.web;

/** A rule of the business says no (trial already used, not enough money): answered 422. */
public class BusinessRuleException extends RuntimeException {

    private final String code;

    public BusinessRuleException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
