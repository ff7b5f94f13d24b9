package com.hostflow.common.web;

import java.util.List;

/** Input that fails a rule the bean-validation annotations cannot express: answered 400 naming each field. */
public class InvalidInputException extends RuntimeException {

    private final List<FieldProblem> errors;

    public InvalidInputException(List<FieldProblem> errors) {
        super(ProblemText.summary(errors));
        this.errors = List.copyOf(errors);
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new FieldProblem(field, message)));
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
