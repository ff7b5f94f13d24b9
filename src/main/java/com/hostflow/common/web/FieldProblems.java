package com.hostflow.common.web;

import java.util.ArrayList;
import java.util.List;

/** Collects field problems while a service validates a request, then throws them all at once. */
public final class FieldProblems {

    private final List<FieldProblem> problems = new ArrayList<>();

    public FieldProblems add(String field, String message) {
        problems.add(new FieldProblem(field, message));
        return this;
    }

    public FieldProblems addIf(boolean condition, String field, String message) {
        if (condition) {
            add(field, message);
        }
        return this;
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }
}
